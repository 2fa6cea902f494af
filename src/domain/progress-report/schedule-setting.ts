import { DEFAULT_SCHEDULE, type ScheduleSetting } from './report-schedule';

/**
 * Where a referral's report schedule comes from: the referral's own (agreed with the referring
 * physician), else the practice's setting, else the default (every 30 days or 10 sessions).
 * Bounds keep a schedule a schedule: at least one day or session, at most a year or 100 sessions
 * between reports (a longer gap is no interim reporting at all).
 */

export const SCHEDULE_BOUNDS = {
  everyDays: { min: 1, max: 365 },
  everySessions: { min: 1, max: 100 },
} as const;

export type ScheduleSource = 'referral' | 'practice' | 'default';

export interface ResolvedSchedule extends ScheduleSetting {
  source: ScheduleSource;
}

/** The schedule that applies to a referral, and which setting it came from. */
export function resolveSchedule(referral: ScheduleSetting | undefined, practice: ScheduleSetting | undefined): ResolvedSchedule {
  if (referral) return { ...referral, source: 'referral' };
  if (practice) return { ...practice, source: 'practice' };
  return { ...DEFAULT_SCHEDULE, source: 'default' };
}

/** Whether a value read back from storage (a Task extension anyone may have written) is a usable setting. */
export function isScheduleSetting(value: Partial<ScheduleSetting>): value is ScheduleSetting {
  return (Object.keys(SCHEDULE_BOUNDS) as (keyof ScheduleSetting)[]).every((key) => {
    const number = value[key];
    return Number.isInteger(number) && number! >= SCHEDULE_BOUNDS[key].min && number! <= SCHEDULE_BOUNDS[key].max;
  });
}
