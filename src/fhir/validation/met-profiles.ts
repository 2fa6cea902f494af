import { METBRIDGE_CANONICAL } from '../canonical';

/**
 * Canonical URLs of the profiles MetBridge publishes in `fhir-profiles/` and enforces on every
 * write, whether or not a resource claims them in `meta.profile`.
 */
export const MET_ASSESSMENT_OBSERVATION_PROFILE = `${METBRIDGE_CANONICAL}/StructureDefinition/met-assessment-observation`;
export const MET_GOAL_PROFILE = `${METBRIDGE_CANONICAL}/StructureDefinition/met-goal`;
export const MET_REFERRAL_TASK_PROFILE = `${METBRIDGE_CANONICAL}/StructureDefinition/met-referral-task`;
export const MET_ASSESSMENT_CODES_VALUE_SET = `${METBRIDGE_CANONICAL}/ValueSet/met-assessment-codes`;
