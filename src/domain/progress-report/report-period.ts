/**
 * The calendar days a report covers, both ends included (`YYYY-MM-DD`), and whether a FHIR date
 * or dateTime falls in them. A date-time counts by the calendar date written in it, the date the
 * client and the trainer saw, whatever its offset.
 */
export interface ReportPeriod {
  start: string;
  end: string;
}

export function isWithin(period: ReportPeriod, when: string): boolean {
  const day = when.slice(0, 10);
  return day >= period.start && day <= period.end;
}

export function isOnOrBefore(day: string, when: string): boolean {
  return when.slice(0, 10) <= day;
}

/** Days in the period, both ends included. */
export function periodDays(period: ReportPeriod): number {
  return Math.round((Date.parse(`${period.end}T00:00:00Z`) - Date.parse(`${period.start}T00:00:00Z`)) / 86_400_000) + 1;
}
