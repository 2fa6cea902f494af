/**
 * Narrowing helpers for resources that have not been validated yet: every rule runs on raw JSON
 * and must neither throw nor trust a shape it has not checked.
 */

export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** The elements of a repeating element; a lone value counts as one (the structure check reports it). */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function isNonBlankString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

export interface CodingValue {
  system?: string;
  code?: string;
}

/** The codings of a CodeableConcept, keeping only their system and code. */
export function codingsOf(concept: unknown): CodingValue[] {
  return asList(asObject(concept)?.coding).flatMap((coding) => {
    const object = asObject(coding);
    return object ? [{ system: asString(object.system), code: asString(object.code) }] : [];
  });
}

export function hasCoding(concept: unknown, system: string, code: string): boolean {
  return codingsOf(concept).some((coding) => coding.system === system && coding.code === code);
}

/** True when a Reference points somewhere: a literal `reference` or a logical `identifier` (a display alone does not). */
export function isPresentReference(value: unknown): boolean {
  const reference = asObject(value);
  return reference !== undefined && (isNonBlankString(reference.reference) || asObject(reference.identifier) !== undefined);
}
