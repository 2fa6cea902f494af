import { describe, expect, it } from 'vitest';
import { validateRequiredCodes } from '../../../src/fhir/validation/required-codes';
import { expressions, measurableGoal, referralTask, sixMinuteWalk } from './fixtures';

describe('validateRequiredCodes (required bindings of code elements)', () => {
  it('accepts codes of the bound value sets', () => {
    expect(validateRequiredCodes(sixMinuteWalk())).toEqual([]);
    expect(validateRequiredCodes(measurableGoal())).toEqual([]);
    expect(validateRequiredCodes({ resourceType: 'Patient', gender: 'female', name: [{ use: 'official' }] })).toEqual([]);
  });

  it('reports a status outside its value set', () => {
    const issues = validateRequiredCodes(sixMinuteWalk({ status: 'done' }));
    expect(issues).toEqual([expect.objectContaining({ code: 'code-invalid', expression: 'Observation.status' })]);
    expect(issues[0]!.diagnostics).toContain('http://hl7.org/fhir/ValueSet/observation-status');
  });

  it('checks codes inside repeating elements and data types', () => {
    const patient = { resourceType: 'Patient', gender: 'f', name: [{ use: 'official' }, { use: 'nick' }], telecom: [{ system: 'fax', value: '1' }, { system: 'pager2', value: '2' }] };
    expect(expressions(validateRequiredCodes(patient)).sort()).toEqual(['Patient.gender', 'Patient.name[1].use', 'Patient.telecom[1].system']);
    const goal = measurableGoal({ target: [{ measure: { text: 'walk' }, detailQuantity: { value: 1, comparator: '=>' } }] });
    expect(expressions(validateRequiredCodes(goal))).toEqual(['Goal.target[0].detailQuantity.comparator']);
  });

  it('knows the full R4 task-status value set (the PA subset is a profile rule)', () => {
    expect(validateRequiredCodes(referralTask('received'))).toEqual([]);
    expect(expressions(validateRequiredCodes(referralTask('approved')))).toEqual(['Task.status']);
  });

  it('leaves bindings it cannot expand unchecked (MIME types)', () => {
    const reference = { resourceType: 'DocumentReference', status: 'current', content: [{ attachment: { contentType: 'application/x-anything' } }] };
    expect(validateRequiredCodes(reference)).toEqual([]);
  });

  it('does not throw on shapes the structure check reports', () => {
    expect(validateRequiredCodes({ resourceType: 'Patient', name: 'Ana', telecom: { system: 12 } })).toEqual([]);
  });
});
