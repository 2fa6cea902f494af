import { describe, expect, it } from 'vitest';
import { bloodPressureComponents } from '../../../../src/fhir/validation/rules/blood-pressure-components';
import type { ResourceJson } from '../../../../src/fhir/validation/write-candidate';
import { bloodPressure, expressions, LOINC, sixMinuteWalk, UCUM } from '../fixtures';

const check = (resource: ResourceJson) => bloodPressureComponents({ resource, actorRole: 'practice' });

describe('bloodPressureComponents (met-obs-4)', () => {
  it('accepts a panel with systolic and diastolic in mm[Hg]', () => {
    expect(check(bloodPressure())).toEqual([]);
  });

  it('requires both components', () => {
    const panel = bloodPressure();
    const systolicOnly = { ...panel, component: [(panel.component as unknown[])[0]] };
    expect(check(systolicOnly)).toEqual([expect.objectContaining({ code: 'required', expression: 'Observation.component' })]);
    expect(check({ ...panel, component: undefined })).toHaveLength(2);
  });

  it('requires mm[Hg] in UCUM and plausible values, per component', () => {
    const panel = bloodPressure(128, 82);
    const [systolic, diastolic] = panel.component as Record<string, unknown>[];
    const kpa = { ...systolic, valueQuantity: { value: 17, system: UCUM, code: 'kPa' } };
    const implausible = { ...diastolic, valueQuantity: { value: 400, system: UCUM, code: 'mm[Hg]' } };
    expect(expressions(check({ ...panel, component: [kpa, implausible] }))).toEqual([
      'Observation.component[0].valueQuantity.code',
      'Observation.component[1].valueQuantity.value',
    ]);
  });

  it('accepts a component whose value is absent for a stated reason, and finds components in any order', () => {
    const panel = bloodPressure();
    const [systolic, diastolic] = panel.component as Record<string, unknown>[];
    const absent = { code: diastolic!.code, dataAbsentReason: { text: 'Cuff slipped' } };
    expect(check({ ...panel, component: [absent, systolic] })).toEqual([]);
    expect(check({ ...panel, component: [{ code: diastolic!.code }, systolic] })).toEqual([
      expect.objectContaining({ expression: 'Observation.component[0].valueQuantity' }),
    ]);
  });

  it('applies only to catalog panels', () => {
    expect(check(sixMinuteWalk())).toEqual([]);
    expect(check(bloodPressure(900, 900, { code: { coding: [{ system: LOINC, code: '55284-4' }] } }))).toEqual([]);
  });
});
