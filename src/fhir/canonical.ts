/** Canonical URLs MetBridge publishes under (profiles, local code systems) and the standard ones it uses. */
export const METBRIDGE_CANONICAL = 'https://fhir.metbridge.org';
export const MET_LOCAL_ASSESSMENT_SYSTEM = `${METBRIDGE_CANONICAL}/CodeSystem/met-assessment`;

export const LOINC = 'http://loinc.org';
export const SNOMED = 'http://snomed.info/sct';
export const UCUM = 'http://unitsofmeasure.org';
export const PA_IG = 'http://hl7.org/fhir/us/physical-activity';
export const PA_TEMPORARY_CODES = `${PA_IG}/CodeSystem/pa-temporary-codes`;
