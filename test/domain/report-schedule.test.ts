import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEDULE, reportDue, type ReferralReporting } from '../../src/domain/progress-report/report-schedule';

const referral = (overrides: Partial<ReferralReporting> = {}): ReferralReporting => ({
  referralId: 'task-1',
  clientId: 'client-1',
  status: 'in-progress',
  startedOn: '2026-01-05',
  sessionDates: [],
  ...overrides,
});
const twiceWeekly = (from: string, count: number) =>
  Array.from({ length: count }, (_, index) => new Date(Date.parse(`${from}T00:00:00Z`) + (Math.floor(index / 2) * 7 + (index % 2) * 2) * 86_400_000).toISOString());

describe('progress report schedule (fixed clock)', () => {
  it('is not due before 30 days or 10 sessions', () => {
    expect(reportDue(referral({ sessionDates: twiceWeekly('2026-01-06', 6) }), DEFAULT_SCHEDULE, '2026-02-03')).toBeUndefined();
  });

  it('is due 30 days after the referral started when fewer than 10 sessions were held', () => {
    const due = reportDue(referral({ sessionDates: twiceWeekly('2026-01-06', 4) }), DEFAULT_SCHEDULE, '2026-02-04');
    expect(due).toMatchObject({ reason: 'days', dueOn: '2026-02-04', state: 'due' });
    expect(due!.why).toBe('30 days since the referral started on 2026-01-05 (every 30 days; due 2026-02-04).');
  });

  it('is due at the 10th session when that comes first, and overdue a week later', () => {
    const sessions = { sessionDates: [...Array.from({ length: 10 }, (_, index) => `2026-01-${String(6 + index).padStart(2, '0')}T09:00:00-05:00`)] };
    expect(reportDue(referral(sessions), DEFAULT_SCHEDULE, '2026-01-15')).toMatchObject({ reason: 'sessions', dueOn: '2026-01-15', state: 'due' });
    const late = reportDue(referral(sessions), DEFAULT_SCHEDULE, '2026-01-23');
    expect(late).toMatchObject({ reason: 'sessions', state: 'overdue' });
    expect(late!.why).toBe('10 sessions since the referral started on 2026-01-05 (every 10; the 10th was on 2026-01-15).');
  });

  it('counts from the last report and follows the referral’s own setting', () => {
    const reported = referral({ lastReport: { issuedOn: '2026-02-04', final: false }, sessionDates: twiceWeekly('2026-01-06', 20) });
    expect(reportDue(reported, DEFAULT_SCHEDULE, '2026-02-20')).toBeUndefined();
    expect(reportDue(reported, { everyDays: 14, everySessions: 10 }, '2026-02-20')).toMatchObject({ reason: 'days', dueOn: '2026-02-18', state: 'due' });
    expect(reportDue(reported, DEFAULT_SCHEDULE, '2026-03-20')).toMatchObject({ reason: 'days', dueOn: '2026-03-06', state: 'overdue' });
  });

  it('asks for one report on completion, unless the final report was issued', () => {
    const completed = referral({ status: 'completed', completedOn: '2026-03-30', lastReport: { issuedOn: '2026-03-01', final: false } });
    expect(reportDue(completed, DEFAULT_SCHEDULE, '2026-03-31')).toMatchObject({ reason: 'completion', dueOn: '2026-03-30', state: 'due' });
    expect(reportDue({ ...completed, lastReport: { issuedOn: '2026-03-30', final: true } }, DEFAULT_SCHEDULE, '2026-03-31')).toBeUndefined();
  });
});
