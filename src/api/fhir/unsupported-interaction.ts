import { FhirError, notFound } from '../../fhir/outcome';
import { supportsInteraction, type TypeInteraction } from '../../fhir/resource-types';

/**
 * The refusal for an interaction the registry does not list: 404 when the type is not served at
 * all, 405 when the type is served but not this interaction on it.
 * @see https://hl7.org/fhir/R4/http.html#Status-Codes
 */
export function unsupportedInteraction(resourceType: string, interaction: TypeInteraction | 'operation'): FhirError {
  if (!supportsInteraction(resourceType, 'read')) {
    return notFound(`Resource type ${resourceType} is not supported by this server.`);
  }
  return new FhirError(405, [{ code: 'not-supported', diagnostics: `${interaction} is not supported for ${resourceType}.` }]);
}
