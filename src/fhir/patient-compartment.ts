import { RESOURCE_TYPES, supportsInteraction } from './resource-types';
import { searchParametersOf, type SearchParameter } from './search/parameters';

/**
 * Which resources belong to a patient, read from the search-parameter registry: a type belongs
 * when it has a reference parameter `patient`, `subject` or `for` that can point at a Patient.
 * A type gains its place here by registering such a parameter, nothing else.
 * @see https://hl7.org/fhir/R4/compartmentdefinition-patient.html
 * @see https://hl7.org/fhir/R4/patient-operation-everything.html
 */

/** In order of preference: `patient` is the narrowest (Patient targets only). */
const LINK_CODES = ['patient', 'subject', 'for'] as const;

export interface PatientLink {
  resourceType: string;
  parameter: SearchParameter;
}

/** The parameter through which resources of `resourceType` point at their Patient, if any. */
export function patientLinkParameter(resourceType: string): SearchParameter | undefined {
  const candidates = searchParametersOf(resourceType).filter(
    (parameter) => parameter.type === 'reference' && (!parameter.targets || parameter.targets.includes('Patient')),
  );
  for (const code of LINK_CODES) {
    const parameter = candidates.find((candidate) => candidate.code === code);
    if (parameter) return parameter;
  }
  return undefined;
}

/**
 * Types that point at a Patient without being part of the Patient's record: an AuditEvent is the
 * trail of who looked at the record, searched on its own (`AuditEvent?patient=`).
 */
const NOT_IN_RECORD: ReadonlySet<string> = new Set(['AuditEvent']);

/** Every searchable type that can point at a Patient, in registry order, with its linking parameter. */
export function patientLinkedTypes(): PatientLink[] {
  return RESOURCE_TYPES.flatMap(({ type }) => {
    const parameter = supportsInteraction(type, 'search-type') && !NOT_IN_RECORD.has(type) ? patientLinkParameter(type) : undefined;
    return parameter ? [{ resourceType: type, parameter }] : [];
  });
}
