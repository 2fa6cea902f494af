import { describe, expect, it } from 'vitest';
import { assessmentValueRange } from '../../../../src/fhir/validation/rules/assessment-value-range';
import type { ResourceJson } from '../../../../src/fhir/validation/write-candidate';
import { LOINC, sixMinuteWalk, UCUM } from '../fixtures';

const check = (resource: ResourceJson) => assessmentValueRange({ resource, actorRole: 'practice' });
const walk = (value: unknown, code = 'm') => sixMinuteWalk({ valueQuantity: { value, system: UCUM, code } });

describe('assessmentValueRange (met-obs-2)', () => {
  it('accepts values within the plausible range, bounds included', () => {
    expect(check(walk(0))).toEqual([]);
    expect(check(walk(1000))).toEqual([]);
  });

  it('refuses an implausible 6-minute walk of 9000 m', () => {
    const issues = check(walk(9000));
    expect(issues).toEqual([expect.objectContaining({ code: 'value', expression: 'Observation.valueQuantity.value' })]);
    expect(issues[0]!.diagnostics).toContain('0 to 1000 m');
  });

  it('refuses a negative distance and a missing value', () => {
    expect(check(walk(-5))).toHaveLength(1);
    expect(check(sixMinuteWalk({ valueQuantity: { system: UCUM, code: 'm' } }))).toEqual([
      expect.objectContaining({ code: 'required', expression: 'Observation.valueQuantity.value' }),
    ]);
  });

  it('does not judge a value in another unit (the unit rule reports it)', () => {
    expect(check(walk(9000, '[ft_i]'))).toEqual([]);
  });

  it('accepts any value for codes outside the catalog', () => {
    expect(check(sixMinuteWalk({ code: { coding: [{ system: LOINC, code: '9999-9' }] }, valueQuantity: { value: 9000, system: UCUM, code: 'm' } }))).toEqual([]);
  });
});
