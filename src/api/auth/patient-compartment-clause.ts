import { compartmentParameter } from '../../fhir/search/parameters';
import type { SearchClause } from '../../fhir/search/types';

/**
 * The search clause that confines a type to one Patient's compartment: the Patient itself by
 * `_id`, any other type by its compartment parameter (`patient`, the single reference the store
 * tags every index row with, so the confined search reads only that Patient's rows). Types with
 * no such parameter (Practitioner, Organization, Provenance…) are in no Patient's compartment:
 * undefined, and a `patient/` scope grants nothing of them.
 * @see https://hl7.org/fhir/R4/compartmentdefinition-patient.html
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#patient-specific-scopes
 */
export function compartmentClause(resourceType: string, patientId: string): SearchClause | undefined {
  if (resourceType === 'Patient') return { kind: 'id', ids: [patientId] };
  const parameter = compartmentParameter(resourceType);
  if (!parameter) return undefined;
  return { kind: 'reference', param: parameter.code, matches: [{ targetType: 'Patient', targetId: patientId }] };
}
