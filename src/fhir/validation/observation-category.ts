import { PA_TEMPORARY_CODES } from '../canonical';

/** `PhysicalActivity`: the category every PA IG resource carries. @see https://hl7.org/fhir/us/physical-activity/STU1/CodeSystem-pa-temporary-codes.html */
export const PHYSICAL_ACTIVITY_CATEGORY = { system: PA_TEMPORARY_CODES, code: 'PhysicalActivity' } as const;

/** `vital-signs`: the category US Core requires of vital sign Observations. @see https://hl7.org/fhir/R4/observation-vitalsigns.html */
export const VITAL_SIGNS_CATEGORY = {
  system: 'http://terminology.hl7.org/CodeSystem/observation-category',
  code: 'vital-signs',
} as const;
