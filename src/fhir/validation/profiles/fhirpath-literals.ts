import type { CatalogCode } from '../../../domain/assessment-catalog';
import { systemUrlOf } from '../catalog-assessment';

/**
 * Small builders for the FHIRPath invariants of the published profiles.
 * @see https://hl7.org/fhirpath/N1/#literals
 */

/** A FHIRPath string literal. */
export function text(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** True when a CodeableConcept-valued path has one of `codes`. */
export function hasAnyCode(path: string, codes: readonly CatalogCode[]): string {
  const clauses = codes.map((code) => `(system = ${text(systemUrlOf(code.system))} and code = ${text(code.code)})`);
  return `${path}.coding.where(${clauses.join(' or ')}).exists()`;
}

/** True when a CodeableConcept-valued path has the coding `system#code`. */
export function hasCoding(path: string, system: string, code: string): string {
  return `${path}.coding.where(system = ${text(system)} and code = ${text(code)}).exists()`;
}

/** `value` is one of `values`. */
export function isOneOf(path: string, values: Iterable<string>): string {
  return `${path} in (${[...values].map(text).join(' | ')})`;
}
