import { z } from 'zod';
import { fhirDate, text, whenObject } from '../practice/schemas';

/**
 * What a trainer asks for when issuing a progress report, on either surface (the practice API's
 * JSON body, the `$progress-report` operation's Parameters): the period, the referral it answers,
 * the narrative and next steps, whether it is the final report, and optionally how many sessions
 * were planned (otherwise taken from the referral's ServiceRequest timing).
 */

/** Reports longer than a year are not progress reports. */
export const MAX_PERIOD_DAYS = 366;

export const progressReportRequest = z
  .strictObject({
    period: z.strictObject({
      start: fhirDate.describe('First day the report covers.'),
      end: fhirDate.describe('Last day the report covers; not after today.'),
    }),
    referralId: z.uuid().optional().describe('The referral (its Task id) the report answers; it is linked from the Task output.'),
    narrative: text(4000).describe("The trainer's assessment of the period, in clinical language."),
    nextSteps: text(2000).describe('The plan: what happens next and when the next report is due.'),
    final: z.boolean().default(false).describe('The final report: completes the referral Task.'),
    plannedSessions: z
      .number()
      .int()
      .min(0)
      .max(500)
      .optional()
      .describe("Sessions planned in the period; defaults to the referral ServiceRequest's occurrenceTiming over the period."),
  })
  .superRefine((body, ctx) => {
    const { start, end } = body.period ?? {};
    if (typeof start !== 'string' || typeof end !== 'string') return;
    const days = (Date.parse(end) - Date.parse(start)) / 86_400_000 + 1;
    if (days < 1) ctx.addIssue({ code: 'custom', path: ['period', 'end'], message: 'The period must not end before it starts.' });
    else if (days > MAX_PERIOD_DAYS) {
      ctx.addIssue({ code: 'custom', path: ['period', 'end'], message: `A report covers at most ${MAX_PERIOD_DAYS} days.` });
    }
  }, whenObject);

export type ProgressReportRequest = z.output<typeof progressReportRequest>;
