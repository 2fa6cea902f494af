import { catalogAssessmentOf, describeAssessment, systemUrlOf } from '../catalog-assessment';
import { asList, asObject, hasCoding } from '../json-values';
import { plausibleValueIssues, ucumUnitIssues } from '../quantity-checks';
import type { OutcomeIssueInput } from '../../outcome';
import type { WriteRule } from '../write-candidate';

/**
 * A catalog panel (blood pressure, LOINC 85354-9) carries each of its component measures
 * (systolic 8480-6, diastolic 8462-4) as a component whose valueQuantity is in the panel's UCUM
 * unit (`mm[Hg]`) and in the component's plausible range; a component may instead say why its
 * value is absent (`dataAbsentReason`).
 * @see https://fhir.metbridge.org/StructureDefinition/met-assessment-observation (met-obs-4)
 * @see https://hl7.org/fhir/R4/bp.html
 */
export const bloodPressureComponents: WriteRule = ({ resource }) => {
  if (resource.resourceType !== 'Observation') return [];
  const definition = catalogAssessmentOf(resource.code);
  if (!definition?.components) return [];
  const components = asList(resource.component).map(asObject);
  const issues: OutcomeIssueInput[] = [];

  for (const expected of definition.components) {
    const subject = `${describeAssessment(definition)} component ${expected.key} (${expected.code.system.toUpperCase()} ${expected.code.code})`;
    const system = systemUrlOf(expected.code.system);
    const index = components.findIndex((component) => component && hasCoding(component.code, system, expected.code.code));
    if (index < 0) {
      issues.push({ code: 'required', diagnostics: `${subject} is missing.`, expression: 'Observation.component' });
      continue;
    }
    const component = components[index]!;
    const path = `Observation.component[${index}].valueQuantity`;
    const quantity = asObject(component.valueQuantity);
    if (!quantity) {
      if (component.dataAbsentReason === undefined) {
        issues.push({ code: 'required', diagnostics: `${subject} needs a valueQuantity or a dataAbsentReason.`, expression: path });
      }
      continue;
    }
    issues.push(
      ...ucumUnitIssues(quantity, definition.unit, path, subject),
      ...plausibleValueIssues(quantity, definition.unit, expected.range, path, subject),
    );
  }
  return issues;
};
