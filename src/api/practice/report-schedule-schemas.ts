import { z } from 'zod';
import { SCHEDULE_BOUNDS } from '../../domain/progress-report/schedule-setting';

/**
 * The report schedule on the practice API: what a trainer sets (for the practice or for one
 * referral) and what the API answers (the schedule in force and where it comes from).
 */

const interval = (unit: string, bounds: { min: number; max: number }) =>
  z
    .number({ error: `Expected a whole number of ${unit}.` })
    .int(`Expected a whole number of ${unit}.`)
    .min(bounds.min, `At least ${bounds.min}.`)
    .max(bounds.max, `At most ${bounds.max}.`);

export const reportScheduleBody = z.strictObject({
  everyDays: interval('days', SCHEDULE_BOUNDS.everyDays).describe(
    `A report is due this many days after the last one (or the referral's start): ${SCHEDULE_BOUNDS.everyDays.min}–${SCHEDULE_BOUNDS.everyDays.max}.`,
  ),
  everySessions: interval('sessions', SCHEDULE_BOUNDS.everySessions).describe(
    `…or after this many sessions, whichever comes first: ${SCHEDULE_BOUNDS.everySessions.min}–${SCHEDULE_BOUNDS.everySessions.max}.`,
  ),
});

export const reportScheduleSchema = z.object({
  everyDays: z.number().int(),
  everySessions: z.number().int(),
  source: z
    .enum(['referral', 'practice', 'default'])
    .describe("Which setting applies: the referral's own, the practice's, or the default (30 days or 10 sessions)."),
});
