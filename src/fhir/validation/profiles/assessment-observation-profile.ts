import type { ElementDefinitionConstraint, StructureDefinition } from '@medplum/fhirtypes';
import { ASSESSMENT_CATALOG, type AssessmentDefinition } from '../../../domain/assessment-catalog';
import { UCUM } from '../../canonical';
import { MET_ASSESSMENT_CODES_VALUE_SET, MET_ASSESSMENT_OBSERVATION_PROFILE } from '../met-profiles';
import { PHYSICAL_ACTIVITY_CATEGORY, VITAL_SIGNS_CATEGORY } from '../observation-category';
import { hasAnyCode, hasCoding, text } from './fhirpath-literals';
import { FHIR_VERSION, PUBLICATION } from './publication';

/**
 * The MET assessment Observation profile, generated from the assessment catalog so that its
 * invariants state exactly what `rules/assessment-*.ts` and `rules/blood-pressure-components.ts`
 * enforce (a test evaluates both on the same resources). It constrains only Observations whose
 * code is in the catalog; every invariant is vacuously true for other codes.
 * @see https://hl7.org/fhir/R4/profiling.html
 * @see https://hl7.org/fhir/R4/structuredefinition.html
 */

const codesOf = (definition: AssessmentDefinition) => [definition.code, ...(definition.alternateCodes ?? [])];
const isAssessment = (definition: AssessmentDefinition) => hasAnyCode('code', codesOf(definition));
const singleValued = ASSESSMENT_CATALOG.filter((definition) => !definition.components);
const panels = ASSESSMENT_CATALOG.filter((definition) => definition.components);

function constraint(key: string, human: string, clauses: string[]): ElementDefinitionConstraint {
  return {
    key,
    severity: 'error',
    human,
    expression: clauses.map((clause) => `(${clause})`).join(' and '),
    source: MET_ASSESSMENT_OBSERVATION_PROFILE,
  };
}

const unitConstraint = constraint(
  'met-obs-1',
  'A catalog assessment is valued as a valueQuantity in the UCUM unit the catalog gives its code.',
  singleValued.map(
    (definition) =>
      `${isAssessment(definition)} implies (value.exists() implies (valueQuantity.system = ${text(UCUM)} and valueQuantity.code = ${text(definition.unit)}))`,
  ),
);

const rangeConstraint = constraint(
  'met-obs-2',
  'A catalog assessment in its catalog unit lies within the catalog\'s plausible range.',
  singleValued.map(
    (definition) =>
      `${isAssessment(definition)} implies valueQuantity.where(code = ${text(definition.unit)}).all(value >= ${definition.range[0]} and value <= ${definition.range[1]})`,
  ),
);

const vitalSigns = ASSESSMENT_CATALOG.filter((definition) => definition.vitalSign).flatMap(codesOf);
const exerciseAssessments = ASSESSMENT_CATALOG.filter((definition) => !definition.vitalSign).flatMap(codesOf);
const categoryConstraint = constraint(
  'met-obs-3',
  'A catalog vital sign carries the US Core vital-signs category; every other catalog assessment carries the PA IG PhysicalActivity category.',
  [
    `${hasAnyCode('code', vitalSigns)} implies ${hasCoding('category', VITAL_SIGNS_CATEGORY.system, VITAL_SIGNS_CATEGORY.code)}`,
    `${hasAnyCode('code', exerciseAssessments)} implies ${hasCoding('category', PHYSICAL_ACTIVITY_CATEGORY.system, PHYSICAL_ACTIVITY_CATEGORY.code)}`,
  ],
);

const componentsConstraint = constraint(
  'met-obs-4',
  'A catalog panel (blood pressure) has each of its component measures, valued in the panel\'s UCUM unit within the component\'s plausible range, or with a dataAbsentReason.',
  panels.map((panel) => {
    const perComponent = (panel.components ?? []).map((component) => {
      const matching = `component.where(${hasAnyCode('code', [component.code])})`;
      const valued =
        `(valueQuantity.exists() implies (valueQuantity.system = ${text(UCUM)} and valueQuantity.code = ${text(panel.unit)}` +
        ` and valueQuantity.value >= ${component.range[0]} and valueQuantity.value <= ${component.range[1]}))` +
        ' and (valueQuantity.exists() or dataAbsentReason.exists())';
      return `${matching}.exists() and ${matching}.all(${valued})`;
    });
    return `${isAssessment(panel)} implies (${perComponent.join(' and ')})`;
  }),
);

export const ASSESSMENT_OBSERVATION_CONSTRAINTS: readonly ElementDefinitionConstraint[] = [
  unitConstraint,
  rangeConstraint,
  categoryConstraint,
  componentsConstraint,
];

export function assessmentObservationProfile(): StructureDefinition {
  return {
    resourceType: 'StructureDefinition',
    id: 'met-assessment-observation',
    url: MET_ASSESSMENT_OBSERVATION_PROFILE,
    ...PUBLICATION,
    name: 'METAssessmentObservation',
    title: 'MET Assessment Observation',
    description:
      'An assessment recorded by a medical exercise practice (6-minute walk, Timed Up and Go, grip strength, blood pressure…). ' +
      'When the code is in the MET assessment catalog (value set met-assessment-codes), the value is a UCUM Quantity in the ' +
      "catalog's unit and within its plausible range, and the category is PhysicalActivity (PA IG) or, for vital signs, " +
      'vital-signs (US Core). Observations with other codes are accepted unconstrained. MetBridge enforces this profile on every ' +
      'Observation it stores, whether or not meta.profile claims it.',
    fhirVersion: FHIR_VERSION,
    kind: 'resource',
    abstract: false,
    type: 'Observation',
    baseDefinition: 'http://hl7.org/fhir/StructureDefinition/Observation',
    derivation: 'constraint',
    differential: {
      element: [
        { id: 'Observation', path: 'Observation', constraint: [...ASSESSMENT_OBSERVATION_CONSTRAINTS] },
        {
          id: 'Observation.category',
          path: 'Observation.category',
          comment: 'PhysicalActivity (PA IG) for exercise assessments, vital-signs (US Core) for vital signs: see met-obs-3.',
        },
        {
          id: 'Observation.code',
          path: 'Observation.code',
          binding: {
            strength: 'preferred',
            description: 'The MET assessment catalog; codes outside it are accepted but not checked.',
            valueSet: MET_ASSESSMENT_CODES_VALUE_SET,
          },
        },
        {
          id: 'Observation.value[x]',
          path: 'Observation.value[x]',
          comment: 'For a catalog code: a Quantity in the catalog unit (met-obs-1) within the plausible range (met-obs-2). Panels are valued in their components (met-obs-4).',
        },
      ],
    },
  };
}
