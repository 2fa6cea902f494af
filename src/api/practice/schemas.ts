import { z } from 'zod';

/**
 * Schema pieces shared by the practice API's request bodies: FHIR's date and dateTime formats,
 * bounded text, and the bridge from domain problems to field issues.
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** FHIR dateTime with a time: seconds and a UTC offset are required. @see https://hl7.org/fhir/R4/datatypes.html#dateTime */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function isCalendarDate(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** `YYYY-MM-DD` */
export const fhirDate = z
  .string()
  .regex(DATE, { message: 'Expected a date (YYYY-MM-DD).', abort: true })
  .refine(isCalendarDate, 'Expected a real calendar date.')
  .meta({ format: 'date', examples: ['2025-03-14'] });

/** `YYYY-MM-DD`, or a date-time with seconds and an offset. */
export const fhirDateTime = z
  .string()
  .refine(
    (value) => (DATE.test(value) || (DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)))) && isCalendarDate(value),
    'Expected a date (YYYY-MM-DD) or a date-time with seconds and offset (2025-03-14T09:30:00-05:00).',
  )
  .meta({ description: 'A date (YYYY-MM-DD) or a date-time with seconds and offset.', examples: ['2025-03-14T09:30:00-05:00'] });

export const text = (max: number) => z.string().trim().min(1, 'Must not be empty.').max(max);

export interface FieldIssue {
  field: string;
  message: string;
}

/** Reports domain problems as zod issues, so that they are listed with every other invalid field. */
export function addFieldIssues(ctx: z.RefinementCtx, problems: readonly FieldIssue[]): void {
  for (const problem of problems) {
    ctx.addIssue({ code: 'custom', path: problem.field.split('.'), message: problem.message });
  }
}

/** Runs a cross-field check whenever the body is an object, even if some fields were invalid. */
export const whenObject = {
  when: (payload: { value: unknown }) => typeof payload.value === 'object' && payload.value !== null,
};

/** The body of every list response. */
export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** A keyset-paged list: its items and, when more follow, the cursor of the next page. */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().optional() });

/** The paging fields of a list's query: page size (1 to `max`, `fallback` when absent) and the cursor. */
export const pagingQuery = (max: number, fallback: number) => ({
  limit: z.coerce.number().int().min(1).max(max).default(fallback),
  cursor: z.string().max(500).optional().describe('The nextCursor of the previous page.'),
});
