/**
 * FHIR dates, dateTimes and instants denote ranges at their precision: `2024` is the whole year,
 * `2024-03-05T10:00` the whole minute. Index and query both use the half-open range [low, high).
 * Values without a time zone are read as UTC.
 * @see https://hl7.org/fhir/R4/search.html#date
 * @see https://hl7.org/fhir/R4/datatypes.html#dateTime
 */
export interface DateRange {
  low: Date;
  high: Date;
}

const DATE_PATTERN =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

export function parseDateRange(text: string): DateRange | undefined {
  const match = DATE_PATTERN.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const y = Number(year);
  const mo = month === undefined ? undefined : Number(month) - 1;
  const d = day === undefined ? undefined : Number(day);
  if (mo !== undefined && (mo < 0 || mo > 11)) return undefined;
  if (d !== undefined && (d < 1 || d > daysInMonth(y, mo!))) return undefined;
  if (hour !== undefined && (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59)) return undefined;
  const offsetMinutes = zone && zone !== 'Z' ? zoneOffsetMinutes(zone) : 0;
  if (offsetMinutes === undefined) return undefined;

  if (mo === undefined) return { low: utcDate(y, 0, 1), high: utcDate(y + 1, 0, 1) };
  if (d === undefined) return { low: utcDate(y, mo, 1), high: utcDate(y, mo + 1, 1) };
  if (hour === undefined) return { low: utcDate(y, mo, d), high: utcDate(y, mo, d + 1) };

  const millis = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  const local = utcDate(y, mo, d, Number(hour), Number(minute), Number(second ?? 0), millis);
  const start = local.getTime() - offsetMinutes * 60_000;
  const unit = second === undefined ? 60_000 : fraction === undefined ? 1000 : 1;
  return { low: new Date(start), high: new Date(start + unit) };
}

/**
 * `Date.UTC` without its two-digit-year rule (it reads year 50 as 1950); months and days out of
 * range roll over as with `Date.UTC`.
 */
function utcDate(year: number, month: number, day: number, hours = 0, minutes = 0, seconds = 0, millis = 0): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  date.setUTCHours(hours, minutes, seconds, millis);
  return date;
}

function daysInMonth(year: number, month: number): number {
  return utcDate(year, month + 1, 0).getUTCDate();
}

/** `+05:30` → 330, `-05:00` → -300; undefined beyond ±14:00 or with minutes over 59. */
function zoneOffsetMinutes(zone: string): number | undefined {
  const sign = zone.startsWith('-') ? -1 : 1;
  const [hours = 0, minutes = 0] = zone.slice(1).split(':').map(Number);
  if (minutes > 59 || hours * 60 + minutes > 14 * 60) return undefined;
  return sign * (hours * 60 + minutes);
}
