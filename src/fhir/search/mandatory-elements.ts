/**
 * The top-level elements of each served type with a minimum cardinality of 1 in the R4 base
 * definitions: a subsetted resource (`_elements`) keeps them whether asked for or not.
 * (test/fhir/search/elements.test.ts checks this table against the R4 StructureDefinitions.)
 * @see https://hl7.org/fhir/R4/search.html#elements
 */
export const MANDATORY_ELEMENTS: Readonly<Record<string, readonly string[]>> = {
  Patient: [],
  Practitioner: [],
  PractitionerRole: [],
  Organization: [],
  Condition: ['subject'],
  Observation: ['status', 'code'],
  Goal: ['lifecycleStatus', 'description', 'subject'],
  CarePlan: ['status', 'intent', 'subject'],
  Encounter: ['status', 'class'],
  ServiceRequest: ['status', 'intent', 'subject'],
  Task: ['status', 'intent'],
  DiagnosticReport: ['status', 'code'],
  DocumentReference: ['status', 'content'],
  Consent: ['status', 'scope', 'category'],
  Subscription: ['status', 'reason', 'criteria', 'channel'],
  Provenance: ['target', 'recorded', 'agent'],
  AuditEvent: ['type', 'recorded', 'agent', 'source'],
};
