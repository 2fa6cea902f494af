/**
 * When a referral's next progress report is due: every `everyDays` days or every `everySessions`
 * sessions since the last report (or since the referral started), whichever comes first, and
 * once more when the referral is completed without a final report. A report is `due` from its
 * due date for a week of grace, `overdue` after that. Pure: the caller supplies today.
 */

export interface ScheduleSetting {
  everyDays: number;
  everySessions: number;
}

/** The schedule when neither the practice nor the referral sets one. */
export const DEFAULT_SCHEDULE: ScheduleSetting = { everyDays: 30, everySessions: 10 };

export const GRACE_DAYS = 7;

export interface ReferralReporting {
  referralId: string;
  clientId: string;
  status: 'accepted' | 'in-progress' | 'on-hold' | 'completed';
  /** When the referral started (`YYYY-MM-DD`). */
  startedOn: string;
  /** When it was completed, for a completed referral. */
  completedOn?: string;
  /** The last report issued on the referral. */
  lastReport?: { issuedOn: string; final: boolean };
  /** Dates (`YYYY-MM-DD…`) of the client's sessions. */
  sessionDates: readonly string[];
}

export interface DueReport {
  referralId: string;
  clientId: string;
  reason: 'days' | 'sessions' | 'completion';
  dueOn: string;
  state: 'due' | 'overdue';
  why: string;
}

const DAY = 86_400_000;

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st. */
function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

function stateOf(dueOn: string, today: string): 'due' | 'overdue' | undefined {
  if (today < dueOn) return undefined;
  return today > addDays(dueOn, GRACE_DAYS) ? 'overdue' : 'due';
}

export function reportDue(referral: ReferralReporting, setting: ScheduleSetting, today: string): DueReport | undefined {
  const base = { referralId: referral.referralId, clientId: referral.clientId };
  if (referral.status === 'completed') {
    if (referral.lastReport?.final) return undefined;
    const dueOn = referral.completedOn ?? today;
    const state = stateOf(dueOn, today)!;
    return { ...base, reason: 'completion', dueOn, state, why: `The referral was completed on ${dueOn} without a final report.` };
  }
  const anchor = referral.lastReport?.issuedOn ?? referral.startedOn;
  const since = referral.lastReport ? `the last report on ${anchor}` : `the referral started on ${anchor}`;
  const byDays = addDays(anchor, setting.everyDays);
  const sessions = referral.sessionDates.map((date) => date.slice(0, 10)).filter((day) => day > anchor).sort();
  const bySessions = sessions.length >= setting.everySessions ? sessions[setting.everySessions - 1] : undefined;
  const [reason, dueOn] = bySessions !== undefined && bySessions < byDays ? (['sessions', bySessions] as const) : (['days', byDays] as const);
  const state = stateOf(dueOn, today);
  if (!state) return undefined;
  const why =
    reason === 'sessions'
      ? `${sessions.length} sessions since ${since} (every ${setting.everySessions}; the ${ordinal(setting.everySessions)} was on ${dueOn}).`
      : `${Math.round((Date.parse(today) - Date.parse(anchor)) / DAY)} days since ${since} (every ${setting.everyDays} days; due ${dueOn}).`;
  return { ...base, reason, dueOn, state, why };
}
