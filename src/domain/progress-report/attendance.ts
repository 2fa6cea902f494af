import type { AdverseEvent, Session } from '../session';
import { isWithin, periodDays, type ReportPeriod } from './report-period';

/**
 * Attendance and safety over a report period, from the sessions recorded: how many sessions the
 * client attended against how many were planned, the supervised exercise time, and every adverse
 * event reported during a session. Summaries only: the report carries no session log.
 */

export interface Attendance {
  attended: number;
  /** Undefined when nothing says how many sessions were planned. */
  planned?: number;
  totalMinutes: number;
}

export interface ReportedAdverseEvent extends AdverseEvent {
  /** The session's date (`YYYY-MM-DD`). */
  on: string;
}

/** How often sessions are planned: `frequency` sessions every `period` `periodUnit`s. */
export interface SessionFrequency {
  frequency: number;
  period: number;
  periodUnit: 'd' | 'wk' | 'mo';
}

const UNIT_DAYS = { d: 1, wk: 7, mo: 30 } as const;

/** Sessions planned in `days` days at `schedule`'s rate, rounded to whole sessions. */
export function plannedSessions(schedule: SessionFrequency, days: number): number {
  return Math.round((schedule.frequency * days) / (schedule.period * UNIT_DAYS[schedule.periodUnit]));
}

export function attendance(sessions: readonly Session[], period: ReportPeriod, planned?: number | SessionFrequency): Attendance {
  const held = sessions.filter((session) => isWithin(period, session.date));
  const plannedCount = typeof planned === 'object' ? plannedSessions(planned, periodDays(period)) : planned;
  return {
    attended: held.length,
    ...(plannedCount === undefined ? {} : { planned: plannedCount }),
    totalMinutes: Math.round(held.reduce((sum, session) => sum + session.durationMinutes, 0)),
  };
}

export function adverseEvents(sessions: readonly Session[], period: ReportPeriod): ReportedAdverseEvent[] {
  return sessions
    .filter((session) => isWithin(period, session.date))
    .sort((a, b) => Date.parse(a.date) - Date.parse(b.date))
    .flatMap((session) => session.adverseEvents.map((event) => ({ ...event, on: session.date.slice(0, 10) })));
}
