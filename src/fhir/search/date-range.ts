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
  const utc = (ms: number) => new Date(ms - offsetMinutes * 60_000);

  if (mo === undefined) return { low: new Date(Date.UTC(y, 0, 1)), high: new Date(Date.UTC(y + 1, 0, 1)) };
  if (d === undefined) return { low: new Date(Date.UTC(y, mo, 1)), high: new Date(Date.UTC(y, mo + 1, 1)) };
  if (hour === undefined) return { low: new Date(Date.UTC(y, mo, d)), high: new Date(Date.UTC(y, mo, d + 1)) };

  const millis = fraction === undefined ? 0 : Number(`0.${fraction}`) * 1000;
  const start = Date.UTC(y, mo, d, Number(hour), Number(minute), Number(second ?? 0), Math.floor(millis));
  const unit = second === undefined ? 60_000 : fraction === undefined ? 1000 : 1;
  return { low: utc(start), high: utc(start + unit) };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

function zoneOffsetMinutes(zone: string): number {
  const sign = zone.startsWith('-') ? -1 : 1;
  const [hours, minutes] = zone.slice(1).split(':').map(Number);
  return sign * (hours! * 60 + minutes!);
}
