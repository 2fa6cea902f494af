import type { ElementDefinitionConstraint, StructureDefinition } from '@medplum/fhirtypes';
import { MET_ASSESSMENT_CODES_VALUE_SET, MET_GOAL_PROFILE } from '../met-profiles';
import { FHIR_VERSION, PUBLICATION } from './publication';

/**
 * The MET Goal profile: a goal a trainer and a physician can both follow up, because it is
 * measurable (met-goal-1, enforced by `rules/goal-measurable.ts`).
 * @see https://hl7.org/fhir/R4/goal.html
 * @see https://hl7.org/fhir/us/physical-activity/STU1/StructureDefinition-pa-goal.html
 */

export const GOAL_CONSTRAINTS: readonly ElementDefinitionConstraint[] = [
  {
    key: 'met-goal-1',
    severity: 'error',
    human:
      'A goal is measurable: every target has a measure and a detailQuantity or detailRange, or the goal is described in description.text.',
    expression:
      'description.text.exists() or (target.exists() and target.all(measure.exists() and (detail.ofType(Quantity).exists() or detail.ofType(Range).exists())))',
    source: MET_GOAL_PROFILE,
  },
];

export function goalProfile(): StructureDefinition {
  return {
    resourceType: 'StructureDefinition',
    id: 'met-goal',
    url: MET_GOAL_PROFILE,
    ...PUBLICATION,
    name: 'METGoal',
    title: 'MET Goal',
    description:
      'A short- or long-term functional goal of a medical exercise client. It is measurable: each target names a measure ' +
      '(preferably from the MET assessment catalog) and the value to reach as a Quantity or Range, or the goal is described ' +
      'in words in description.text. MetBridge enforces this profile on every Goal it stores, whether or not meta.profile claims it.',
    fhirVersion: FHIR_VERSION,
    kind: 'resource',
    abstract: false,
    type: 'Goal',
    baseDefinition: 'http://hl7.org/fhir/StructureDefinition/Goal',
    derivation: 'constraint',
    differential: {
      element: [
        { id: 'Goal', path: 'Goal', constraint: [...GOAL_CONSTRAINTS] },
        {
          id: 'Goal.target.measure',
          path: 'Goal.target.measure',
          binding: {
            strength: 'preferred',
            description: 'The MET assessment catalog, so that attainment can be computed from assessments.',
            valueSet: MET_ASSESSMENT_CODES_VALUE_SET,
          },
        },
        {
          id: 'Goal.target.detail[x]',
          path: 'Goal.target.detail[x]',
          comment: 'A Quantity (in the measure\'s UCUM unit) or a Range makes the target measurable (met-goal-1).',
        },
      ],
    },
  };
}
