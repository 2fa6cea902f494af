import { FhirError } from '../fhir/outcome';
import type { StoreError } from '../db/resource-store/types';

/**
 * The one mapping from the store's refusal reasons to HTTP statuses and OperationOutcomes.
 * @see https://hl7.org/fhir/R4/http.html#Status-Codes
 */
export function storeErrorToFhir(error: StoreError): FhirError {
  switch (error.reason) {
    case 'not-found':
      return new FhirError(404, [{ code: 'not-found', diagnostics: error.message }]);
    case 'version-conflict':
      return new FhirError(412, [{ code: 'conflict', diagnostics: error.message }]);
    case 'duplicate-identifier':
      return new FhirError(409, [{ code: 'duplicate', diagnostics: error.message }]);
    case 'multiple-matches':
      return new FhirError(412, [{ code: 'multiple-matches', diagnostics: error.message }]);
    case 'invalid-cursor':
      return new FhirError(400, [{ code: 'invalid', diagnostics: error.message }]);
  }
}
