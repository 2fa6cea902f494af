/**
 * The storage-neutral vocabulary between FHIR search and the resource store: what a resource
 * contributes to the index, and what a parsed query asks for.
 */
import type { SearchParamType } from './parameters';

export interface TokenIndexValue {
  param: string;
  system: string | null;
  code: string;
}
export interface ReferenceIndexValue {
  param: string;
  targetType: string | null;
  targetId: string;
}
export interface DateIndexValue {
  param: string;
  /** null: open towards the past */
  low: Date | null;
  /** null: open towards the future */
  high: Date | null;
}
export interface StringIndexValue {
  param: string;
  /** normalised: see normalizeSearchString */
  value: string;
  /** the text as written in the resource, for `:exact` */
  original: string;
}
export interface QuantityIndexValue {
  param: string;
  value: number;
  system: string | null;
  code: string | null;
}
export interface UriIndexValue {
  param: string;
  value: string;
}

export interface SearchIndexValues {
  /** The id of the Patient whose compartment the resource is in (see `compartment` in parameters.ts). */
  compartment: string | null;
  tokens: TokenIndexValue[];
  references: ReferenceIndexValue[];
  dates: DateIndexValue[];
  strings: StringIndexValue[];
  quantities: QuantityIndexValue[];
  uris: UriIndexValue[];
}

/** @see https://hl7.org/fhir/R4/search.html#prefix */
export type ComparisonPrefix = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'sa' | 'eb' | 'ap';

/** `system` undefined: any system; null: no system (`|code`). `code` undefined: any code (`system|`). */
export interface TokenMatch {
  system?: string | null;
  code?: string;
}
export interface ReferenceMatch {
  targetType?: string;
  targetId: string;
}
export interface DateMatch {
  prefix: ComparisonPrefix;
  low: Date;
  high: Date;
}
export interface QuantityMatch {
  prefix: ComparisonPrefix;
  value: number;
  /**
   * Decimal places the number was written with (`5.40` → 2), which set its implicit precision
   * range; when absent, those of `value`. @see https://hl7.org/fhir/R4/search.html#number
   */
  decimals?: number;
  system?: string;
  code?: string;
}

/**
 * How a string value matches: `prefix` (the default: starts with, case- and accent-insensitive),
 * `exact` (`:exact`: the whole text as written), `contains` (`:contains`: anywhere, insensitive).
 * @see https://hl7.org/fhir/R4/search.html#string
 */
export type StringMatchMode = 'prefix' | 'exact' | 'contains';

/** One search parameter occurrence: its values are alternatives (comma = OR). */
export type SearchClause =
  | { kind: 'id'; ids: string[] }
  | { kind: 'lastUpdated'; matches: DateMatch[] }
  /** `negated`: `:not`, resources with no matching value (those with no value at all included). */
  | { kind: 'token'; param: string; matches: TokenMatch[]; negated?: boolean }
  | { kind: 'reference'; param: string; matches: ReferenceMatch[] }
  | { kind: 'date'; param: string; matches: DateMatch[] }
  /** `values` are normalised for `prefix` and `contains`, as written for `exact`. */
  | { kind: 'string'; param: string; mode: StringMatchMode; values: string[] }
  | { kind: 'quantity'; param: string; matches: QuantityMatch[] }
  | { kind: 'uri'; param: string; values: string[] }
  /** `:missing=true|false`: whether the resource has no value at all for the parameter. */
  | { kind: 'missing'; param: string; type: SearchParamType; missing: boolean }
  /**
   * Not a query parameter: the resource matches every clause of at least one alternative. Access
   * control confines searches with it to the union of what several granted scopes allow.
   */
  | { kind: 'anyOf'; alternatives: SearchClause[][] };

/**
 * One `_sort` key. `date` sorts by a registered date parameter: ascending by the earliest instant
 * the resource's values cover, descending by the latest; resources without a value come last.
 * @see https://hl7.org/fhir/R4/search.html#sort
 */
export type SortKey =
  | { kind: 'id'; descending: boolean }
  | { kind: 'lastUpdated'; descending: boolean }
  | { kind: 'date'; param: string; descending: boolean };

/**
 * `_include` (resources the matches point at through `param`) or `_revinclude` (resources of
 * `sourceType` that point at the matches through `param`), optionally only of `targetType`.
 * @see https://hl7.org/fhir/R4/search.html#include
 */
export interface IncludeRequest {
  direction: 'include' | 'revinclude';
  sourceType: string;
  param: string;
  targetType?: string;
}
