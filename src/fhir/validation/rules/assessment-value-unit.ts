import { catalogAssessmentOf, describeAssessment } from '../catalog-assessment';
import { asObject } from '../json-values';
import { ucumUnitIssues } from '../quantity-checks';
import type { WriteRule } from '../write-candidate';

/**
 * An Observation whose code is in the assessment catalog carries its value as a `valueQuantity`
 * in the catalog's UCUM unit (a 6-minute walk in `m`, Timed Up and Go in `s`). Panels carry
 * their values in components instead (see `bloodPressureComponents`).
 * @see https://fhir.metbridge.org/StructureDefinition/met-assessment-observation (met-obs-1)
 * @see https://hl7.org/fhir/R4/datatypes.html#Quantity
 */
export const assessmentValueUnit: WriteRule = ({ resource }) => {
  if (resource.resourceType !== 'Observation') return [];
  const definition = catalogAssessmentOf(resource.code);
  if (!definition || definition.components) return [];
  const subject = describeAssessment(definition);

  const otherValue = Object.keys(resource).find((key) => /^value[A-Z]/.test(key) && key !== 'valueQuantity');
  if (otherValue) {
    return [
      {
        code: 'value',
        diagnostics: `${subject} is recorded as a valueQuantity in ${definition.unit}, not as ${otherValue}.`,
        expression: `Observation.${otherValue}`,
      },
    ];
  }
  const quantity = asObject(resource.valueQuantity);
  return quantity ? ucumUnitIssues(quantity, definition.unit, 'Observation.valueQuantity', subject) : [];
};
