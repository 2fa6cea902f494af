/**
 * How report text writes values: UCUM codes as a reader expects them (`mm[Hg]` → mmHg,
 * `{#}` → reps), numbers without trailing zeros, dates as "Mar 12, 2026".
 * @see https://ucum.org/ucum (the codes on the left)
 */

const UNIT_DISPLAY: Readonly<Record<string, string>> = {
  '{#}': 'reps',
  '{score}': 'points',
  '{T-score}': 'T-score',
  'mm[Hg]': 'mmHg',
  '[lbf_av]': 'lbf',
  '[lb_av]': 'lb',
  '[ft_i]': 'ft',
  '[in_i]': 'in',
  'kg/m2': 'kg/m²',
  'd/wk': 'days/wk',
  'min/d': 'min/day',
};

export function unitDisplay(ucum: string): string {
  return UNIT_DISPLAY[ucum] ?? ucum;
}

/** At most `decimals` decimals, trailing zeros dropped: 410, 0.82, 11.5. */
export function formatNumber(value: number, decimals = 2): string {
  return String(Number(value.toFixed(decimals)));
}

/** "410 m", "14 reps", "120 mmHg". */
export function formatQuantity(value: number, ucum: string): string {
  const unit = unitDisplay(ucum);
  return unit ? `${formatNumber(value)} ${unit}` : formatNumber(value);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Mar 12, 2026" from a FHIR date or dateTime (the calendar date as written, no time zone shift). */
export function formatDate(value: string): string {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  return `${MONTHS[month - 1]} ${day}, ${year}`;
}

/** "Jan 1 – Mar 31, 2026", or with both years when they differ. */
export function formatPeriod(start: string, end: string): string {
  const [from, to] = [formatDate(start), formatDate(end)];
  return start.slice(0, 4) === end.slice(0, 4) ? `${from.slice(0, -6)} – ${to}` : `${from} – ${to}`;
}
