import { catalogAssessmentOf, describeAssessment } from '../catalog-assessment';
import { asObject } from '../json-values';
import { plausibleValueIssues } from '../quantity-checks';
import type { WriteRule } from '../write-candidate';

/**
 * A catalog assessment's value lies in the catalog's plausible range: a 6-minute walk of 9000 m
 * is a typing error, not a result, and is refused rather than stored.
 * @see https://fhir.metbridge.org/StructureDefinition/met-assessment-observation (met-obs-2)
 */
export const assessmentValueRange: WriteRule = ({ resource }) => {
  if (resource.resourceType !== 'Observation') return [];
  const definition = catalogAssessmentOf(resource.code);
  const quantity = asObject(resource.valueQuantity);
  if (!definition || definition.components || !quantity) return [];
  return plausibleValueIssues(quantity, definition.unit, definition.range, 'Observation.valueQuantity', describeAssessment(definition));
};
