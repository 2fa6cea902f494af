import { describe, expect, it } from 'vitest';
import { goalAttainment, isOpenGoal, nextGoalStatus } from '../../src/domain/goal-attainment';

describe('goal attainment', () => {
  it('is in progress before any assessment', () => {
    expect(goalAttainment({ direction: 'increase', baseline: 300, target: 400 })).toBe('in-progress');
  });

  it('improves upward for a 6-minute walk: improving, no change, worsening, achieved', () => {
    const sixMinuteWalk = (latest: number) => goalAttainment({ direction: 'increase', baseline: 300, target: 400, latest });
    expect(sixMinuteWalk(350)).toBe('improving');
    expect(sixMinuteWalk(300)).toBe('no-change');
    expect(sixMinuteWalk(280)).toBe('worsening');
    expect(sixMinuteWalk(400)).toBe('achieved');
    expect(sixMinuteWalk(420)).toBe('achieved');
  });

  it('improves downward for Timed Up and Go: fewer seconds is better', () => {
    const timedUpAndGo = (latest: number) => goalAttainment({ direction: 'decrease', baseline: 14, target: 10, latest });
    expect(timedUpAndGo(12)).toBe('improving');
    expect(timedUpAndGo(14)).toBe('no-change');
    expect(timedUpAndGo(16)).toBe('worsening');
    expect(timedUpAndGo(10)).toBe('achieved');
    expect(timedUpAndGo(9.5)).toBe('achieved');
  });

  it('does not count conversion noise as progress', () => {
    expect(goalAttainment({ direction: 'increase', baseline: 22.68, target: 30, latest: 22.680000000000003 })).toBe('no-change');
  });

  it('without a baseline, is only in progress or achieved', () => {
    expect(goalAttainment({ direction: 'increase', target: 400, latest: 350 })).toBe('in-progress');
    expect(goalAttainment({ direction: 'increase', target: 400, latest: 410 })).toBe('achieved');
  });
});

describe('goal status after an attainment', () => {
  it('completes an active goal once achieved', () => {
    expect(nextGoalStatus({ lifecycleStatus: 'active', achievementStatus: 'improving' }, 'achieved')).toEqual({
      lifecycleStatus: 'completed',
      achievementStatus: 'achieved',
    });
  });

  it('keeps an open goal open while not achieved', () => {
    expect(nextGoalStatus({ lifecycleStatus: 'active', achievementStatus: 'in-progress' }, 'worsening')).toEqual({
      lifecycleStatus: 'active',
      achievementStatus: 'worsening',
    });
  });

  it('leaves completed, cancelled and held goals as they are', () => {
    for (const lifecycleStatus of ['completed', 'cancelled', 'on-hold', 'entered-in-error', 'rejected'] as const) {
      expect(isOpenGoal(lifecycleStatus)).toBe(false);
      expect(nextGoalStatus({ lifecycleStatus, achievementStatus: 'achieved' }, 'worsening')).toEqual({ lifecycleStatus, achievementStatus: 'achieved' });
    }
  });
});
