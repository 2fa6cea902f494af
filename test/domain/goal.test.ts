import { describe, expect, it } from 'vitest';
import { checkGoal } from '../../src/domain/goal';
import { goalMeasureByKey, measuredValues } from '../../src/domain/goal-measures';

describe('checking a new goal', () => {
  it('starts active and in progress, with a generated description', () => {
    const checked = checkGoal({ term: 'long-term', measure: '6mwt', baseline: 300, target: 400, dueDate: '2025-06-30' });
    expect(checked).toMatchObject({
      ok: true,
      record: {
        measure: '6mwt',
        baseline: 300,
        target: 400,
        unit: 'm',
        lifecycleStatus: 'active',
        achievementStatus: 'in-progress',
        description: '6-minute walk distance from 300 m to 400 m by 2025-06-30',
      },
    });
  });

  it('converts baseline and target to the catalog unit', () => {
    expect(checkGoal({ term: 'short-term', measure: 'grip-left', baseline: 40, target: 50, unit: '[lbf_av]', dueDate: '2025-06-30' })).toMatchObject({
      record: { baseline: 18.144, target: 22.68, unit: 'kg' },
    });
  });

  it('needs a target beyond the baseline in the direction of improvement', () => {
    const upward = checkGoal({ term: 'short-term', measure: '6mwt', baseline: 400, target: 300, dueDate: '2025-06-30' });
    expect(upward).toMatchObject({ ok: false, problems: [{ kind: 'implausible', field: 'target', message: expect.stringContaining('improves upward') }] });
    const downward = checkGoal({ term: 'short-term', measure: 'tug', baseline: 10, target: 14, dueDate: '2025-06-30' });
    expect(downward).toMatchObject({ ok: false, problems: [{ field: 'target', message: expect.stringContaining('improves downward') }] });
  });

  it('accepts a blood pressure component as the measure', () => {
    expect(goalMeasureByKey('blood-pressure.systolic')).toMatchObject({ code: { code: '8480-6' }, unit: 'mm[Hg]', direction: 'decrease' });
    expect(checkGoal({ term: 'long-term', measure: 'blood-pressure.systolic', baseline: 150, target: 130, dueDate: '2025-06-30' }).ok).toBe(true);
  });

  it('names the valid measures for an unknown one', () => {
    expect(checkGoal({ term: 'long-term', measure: 'blood-pressure', baseline: 150, target: 130, dueDate: '2025-06-30' })).toMatchObject({
      ok: false,
      problems: [{ kind: 'invalid', field: 'measure', message: expect.stringContaining('blood-pressure.systolic') }],
    });
  });

  it('maps an assessment to the goal measures it informs', () => {
    expect([...measuredValues({ type: 'blood-pressure', components: { systolic: 130, diastolic: 80 } })]).toEqual([
      ['blood-pressure.systolic', 130],
      ['blood-pressure.diastolic', 80],
    ]);
    expect([...measuredValues({ type: 'tug', value: 11 })]).toEqual([['tug', 11]]);
  });
});
