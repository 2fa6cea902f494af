/**
 * The storage-neutral vocabulary between FHIR search and the resource store: what a resource
 * contributes to the index, and what a parsed query asks for.
 */

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

/** One search parameter occurrence: its values are alternatives (comma = OR). */
export type SearchClause =
  | { kind: 'id'; ids: string[] }
  | { kind: 'lastUpdated'; matches: DateMatch[] }
  | { kind: 'token'; param: string; matches: TokenMatch[] }
  | { kind: 'reference'; param: string; matches: ReferenceMatch[] }
  | { kind: 'date'; param: string; matches: DateMatch[] }
  | { kind: 'string'; param: string; prefixes: string[] }
  | { kind: 'quantity'; param: string; matches: QuantityMatch[] }
  | { kind: 'uri'; param: string; values: string[] };
