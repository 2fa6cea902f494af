import { describe, expect, it } from 'vitest';
import { assessmentValueUnit } from '../../../../src/fhir/validation/rules/assessment-value-unit';
import type { ResourceJson } from '../../../../src/fhir/validation/write-candidate';
import { bloodPressure, expressions, LOINC, sixMinuteWalk, UCUM } from '../fixtures';

const check = (resource: ResourceJson) => assessmentValueUnit({ resource, actorRole: 'practice' });

describe('assessmentValueUnit (met-obs-1)', () => {
  it('accepts a catalog assessment in its catalog UCUM unit', () => {
    expect(check(sixMinuteWalk())).toEqual([]);
  });

  it('refuses another unit, even a convertible one, naming the catalog unit', () => {
    const issues = check(sixMinuteWalk({ valueQuantity: { value: 1378, unit: 'ft', system: UCUM, code: '[ft_i]' } }));
    expect(issues).toEqual([expect.objectContaining({ code: 'value', expression: 'Observation.valueQuantity.code' })]);
    expect(issues[0]!.diagnostics).toContain('UCUM unit m');
  });

  it('requires the UCUM system', () => {
    const issues = check(sixMinuteWalk({ valueQuantity: { value: 420, unit: 'm' } }));
    expect(expressions(issues)).toEqual(['Observation.valueQuantity.system', 'Observation.valueQuantity.code']);
  });

  it('recognises the catalog by an alternate code (SNOMED CT) and by the local system', () => {
    const snomed = { coding: [{ system: 'http://snomed.info/sct', code: '1144649008' }] };
    expect(expressions(check(sixMinuteWalk({ code: snomed, valueQuantity: { value: 1, system: UCUM, code: 's' } })))).toEqual([
      'Observation.valueQuantity.code',
    ]);
    const berg = { coding: [{ system: 'https://fhir.metbridge.org/CodeSystem/met-assessment', code: 'berg-balance-total' }] };
    expect(check(sixMinuteWalk({ code: berg, valueQuantity: { value: 40, system: UCUM, code: '{score}' } }))).toEqual([]);
  });

  it('refuses a value of another type for a catalog code', () => {
    const { valueQuantity: _value, ...rest } = sixMinuteWalk();
    expect(expressions(check({ ...rest, valueString: '420 m' }))).toEqual(['Observation.valueString']);
  });

  it('accepts codes outside the catalog and catalog Observations without a value', () => {
    const unknown = { coding: [{ system: LOINC, code: '9999-9' }] };
    expect(check(sixMinuteWalk({ code: unknown, valueQuantity: { value: 3, system: UCUM, code: 'km' } }))).toEqual([]);
    const { valueQuantity: _value, ...withoutValue } = sixMinuteWalk();
    expect(check({ ...withoutValue, dataAbsentReason: { text: 'Refused' } })).toEqual([]);
  });

  it('leaves panels to the component rule', () => {
    expect(check(bloodPressure())).toEqual([]);
  });
});
