import { describe, expect, it } from 'vitest';
import { goalMeasurable } from '../../../../src/fhir/validation/rules/goal-measurable';
import type { ResourceJson } from '../../../../src/fhir/validation/write-candidate';
import { expressions, measurableGoal, sixMinuteWalk } from '../fixtures';

const check = (resource: ResourceJson) => goalMeasurable({ resource, actorRole: 'practice' });
const measure = { coding: [{ system: 'http://loinc.org', code: '89423-8' }] };

describe('goalMeasurable (met-goal-1)', () => {
  it('accepts targets with a measure and a detailQuantity or detailRange', () => {
    expect(check(measurableGoal())).toEqual([]);
    const range = { measure, detailRange: { low: { value: 8, system: 'http://unitsofmeasure.org', code: 's' } } };
    expect(check(measurableGoal({ target: [range] }))).toEqual([]);
  });

  it('accepts a goal described in words, whatever its targets', () => {
    expect(check(measurableGoal({ description: { text: 'Walk to the mailbox and back without resting' }, target: undefined }))).toEqual([]);
    expect(check(measurableGoal({ description: { text: 'Climb stairs' }, target: [{ dueDate: '2024-06-01' }] }))).toEqual([]);
  });

  it('refuses a goal with neither a measurable target nor a description text', () => {
    expect(check(measurableGoal({ target: undefined }))).toEqual([expect.objectContaining({ code: 'invariant', expression: 'Goal.target' })]);
    const issues = check(measurableGoal({ target: [{ measure, detailString: 'faster' }, { detailQuantity: { value: 9 } }] }));
    expect(expressions(issues)).toEqual(['Goal.target[0].detail', 'Goal.target[1].measure']);
  });

  it('applies only to Goals', () => {
    expect(check(sixMinuteWalk())).toEqual([]);
  });
});
