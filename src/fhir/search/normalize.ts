/**
 * String search is case- and accent-insensitive: `Müller` is found by `muller`.
 * The same normalisation is applied to indexed values and to query values.
 * @see https://hl7.org/fhir/R4/search.html#string
 */
export function normalizeSearchString(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
