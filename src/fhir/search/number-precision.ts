/**
 * A search number stands for the range its precision implies: `5.4` means [5.35, 5.45),
 * `5.40` means [5.395, 5.405), `100` means [99.5, 100.5).
 * @see https://hl7.org/fhir/R4/search.html#number
 */

/** A FHIR decimal, optionally in exponent form (`1.5e-3`). @see https://hl7.org/fhir/R4/datatypes.html#decimal */
export const DECIMAL_PATTERN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Decimal places as written: `5.40` → 2, `100` → 0, `1.5e-3` → 4. Never below 0, so `1e2` is
 * as precise as `100`.
 */
export function decimalPlaces(number: string): number {
  const [mantissa = '', exponent = '0'] = number.toLowerCase().split('e');
  const fraction = mantissa.split('.')[1] ?? '';
  return Math.max(0, fraction.length - Number(exponent));
}

/** Half a unit in the last decimal place, as exact decimal text: 0 → `0.5`, 2 → `0.005`. */
export function halfStep(decimals: number): string {
  return `0.${'0'.repeat(decimals)}5`;
}
