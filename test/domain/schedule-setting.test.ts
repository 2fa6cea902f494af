import { describe, expect, it } from 'vitest';
import { reportDue } from '../../src/domain/progress-report/report-schedule';
import { isScheduleSetting, resolveSchedule } from '../../src/domain/progress-report/schedule-setting';

describe('which report schedule applies', () => {
  it("is the referral's own, else the practice's, else every 30 days or 10 sessions", () => {
    const practice = { everyDays: 14, everySessions: 8 };
    const referral = { everyDays: 60, everySessions: 3 };
    expect(resolveSchedule(referral, practice)).toEqual({ ...referral, source: 'referral' });
    expect(resolveSchedule(undefined, practice)).toEqual({ ...practice, source: 'practice' });
    expect(resolveSchedule(undefined, undefined)).toEqual({ everyDays: 30, everySessions: 10, source: 'default' });
  });

  it('trusts only whole numbers within the bounds (a Task extension anyone may have written)', () => {
    expect(isScheduleSetting({ everyDays: 1, everySessions: 100 })).toBe(true);
    expect(isScheduleSetting({ everyDays: 365, everySessions: 1 })).toBe(true);
    for (const bad of [{ everyDays: 0, everySessions: 5 }, { everyDays: 366, everySessions: 5 }, { everyDays: 7, everySessions: 101 }, { everyDays: 7.5, everySessions: 5 }, { everyDays: 7 }]) {
      expect(isScheduleSetting(bad)).toBe(false);
    }
  });

  it('names the session that made a report due with its ordinal', () => {
    const sessions = ['2026-01-06', '2026-01-08', '2026-01-13', '2026-01-15'];
    const due = (everySessions: number) =>
      reportDue({ referralId: 't', clientId: 'c', status: 'in-progress', startedOn: '2026-01-05', sessionDates: sessions }, { everyDays: 90, everySessions }, '2026-01-20')!.why;
    expect(due(1)).toContain('the 1st was on 2026-01-06');
    expect(due(2)).toContain('the 2nd was on 2026-01-08');
    expect(due(3)).toContain('the 3rd was on 2026-01-13');
    expect(due(4)).toContain('the 4th was on 2026-01-15');
  });
});
