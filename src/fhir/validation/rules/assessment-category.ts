import { catalogAssessmentOf, describeAssessment } from '../catalog-assessment';
import { asList, hasCoding } from '../json-values';
import { PHYSICAL_ACTIVITY_CATEGORY, VITAL_SIGNS_CATEGORY } from '../observation-category';
import type { WriteRule } from '../write-candidate';

/**
 * A catalog assessment is categorised so that PA IG and US Core clients find it: exercise
 * assessments carry the PA IG `PhysicalActivity` category, vital signs (blood pressure, heart
 * rate, weight, height, BMI) the US Core `vital-signs` category.
 * @see https://fhir.metbridge.org/StructureDefinition/met-assessment-observation (met-obs-3)
 * @see https://hl7.org/fhir/us/physical-activity/STU1/StructureDefinition-pa-observation-activity-measure.html
 * @see https://hl7.org/fhir/R4/observation-vitalsigns.html
 */
export const assessmentCategory: WriteRule = ({ resource }) => {
  if (resource.resourceType !== 'Observation') return [];
  const definition = catalogAssessmentOf(resource.code);
  if (!definition) return [];
  const required = definition.vitalSign ? VITAL_SIGNS_CATEGORY : PHYSICAL_ACTIVITY_CATEGORY;
  if (asList(resource.category).some((category) => hasCoding(category, required.system, required.code))) return [];
  return [
    {
      code: 'required',
      diagnostics: `${describeAssessment(definition)} needs the category ${required.system}#${required.code}.`,
      expression: 'Observation.category',
    },
  ];
};
