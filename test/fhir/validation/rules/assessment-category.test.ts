import { describe, expect, it } from 'vitest';
import { assessmentCategory } from '../../../../src/fhir/validation/rules/assessment-category';
import type { ResourceJson } from '../../../../src/fhir/validation/write-candidate';
import { bloodPressure, LOINC, PHYSICAL_ACTIVITY, sixMinuteWalk, UCUM, VITAL_SIGNS } from '../fixtures';

const check = (resource: ResourceJson) => assessmentCategory({ resource, actorRole: 'practice' });

describe('assessmentCategory (met-obs-3)', () => {
  it('requires PhysicalActivity on an exercise assessment', () => {
    expect(check(sixMinuteWalk())).toEqual([]);
    expect(check(sixMinuteWalk({ category: [PHYSICAL_ACTIVITY, VITAL_SIGNS] }))).toEqual([]);
    expect(check(sixMinuteWalk({ category: [VITAL_SIGNS] }))).toEqual([
      expect.objectContaining({ code: 'required', expression: 'Observation.category' }),
    ]);
    const { category: _category, ...uncategorised } = sixMinuteWalk();
    expect(check(uncategorised)).toHaveLength(1);
  });

  it('requires vital-signs (not PhysicalActivity) on a vital sign', () => {
    expect(check(bloodPressure())).toEqual([]);
    const weight = {
      ...sixMinuteWalk(),
      code: { coding: [{ system: LOINC, code: '29463-7' }] },
      valueQuantity: { value: 80, system: UCUM, code: 'kg' },
    };
    expect(check({ ...weight, category: [VITAL_SIGNS] })).toEqual([]);
    const issues = check({ ...weight, category: [PHYSICAL_ACTIVITY] });
    expect(issues).toEqual([expect.objectContaining({ expression: 'Observation.category' })]);
    expect(issues[0]!.diagnostics).toContain('vital-signs');
  });

  it('asks nothing of codes outside the catalog', () => {
    expect(check(sixMinuteWalk({ code: { text: 'Plank hold' }, category: [] }))).toEqual([]);
  });
});
