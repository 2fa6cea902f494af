import { and, eq, gt, gte, inArray, isNull, lt, lte, not, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { normalizeSearchString } from '../../fhir/search/normalize';
import type {
  DateMatch,
  QuantityMatch,
  ReferenceMatch,
  SearchClause,
  StringMatchMode,
  TokenMatch,
} from '../../fhir/search/types';

/**
 * How one search value matches an index row, per parameter type. Each builder takes the columns
 * it compares, so the same match applies to an index table and to an alias of it.
 * @see https://hl7.org/fhir/R4/search.html#ptypes
 */

export interface TokenColumns {
  system: AnyPgColumn;
  code: AnyPgColumn;
}
export interface ReferenceColumns {
  targetType: AnyPgColumn;
  targetId: AnyPgColumn;
}
export interface DateColumns {
  low: AnyPgColumn;
  high: AnyPgColumn;
}
export interface StringColumns {
  value: AnyPgColumn;
  original: AnyPgColumn;
}
export interface QuantityColumns {
  value: AnyPgColumn;
  system: AnyPgColumn;
  code: AnyPgColumn;
}
export interface UriColumns {
  value: AnyPgColumn;
}

/**
 * A positive value clause: what one of its index rows must satisfy (its values OR-ed). A string
 * clause with `:exact` carries its values normalised too (see {@link withNormalizedExact}).
 */
export type ValueClause =
  | Extract<SearchClause, { kind: 'token' | 'reference' | 'date' | 'quantity' | 'uri' }>
  | (Extract<SearchClause, { kind: 'string' }> & { normalized?: string[] });

/** `:exact` compares the normalised value too (to use the lookup index); normalising is done here, not in SQL. */
export function withNormalizedExact(clause: SearchClause): SearchClause {
  if (clause.kind !== 'string' || clause.mode !== 'exact') return clause;
  const exact: ValueClause = { ...clause, normalized: clause.values.map(normalizeSearchString) };
  return exact;
}

export function valueMatch(clause: ValueClause, columns: object): SQL {
  switch (clause.kind) {
    case 'token':
      return anyOf(clause.matches.map((match) => tokenCondition(columns as TokenColumns, match)));
    case 'reference':
      return anyOf(clause.matches.map((match) => referenceCondition(columns as ReferenceColumns, match)));
    case 'date':
      return anyOf(clause.matches.map((match) => dateCondition(columns as DateColumns, match)));
    case 'string':
      return anyOf(
        clause.values.map((value, index) => stringCondition(columns as StringColumns, clause.mode, value, clause.normalized?.[index])),
      );
    case 'quantity':
      return anyOf(clause.matches.map((match) => quantityCondition(columns as QuantityColumns, match)));
    case 'uri':
      return inArray((columns as UriColumns).value, clause.values);
  }
}

function anyOf(conditions: SQL[]): SQL {
  return conditions.length ? (or(...conditions) ?? sql`false`) : sql`false`;
}

/** @see https://hl7.org/fhir/R4/search.html#token */
function tokenCondition(columns: TokenColumns, match: TokenMatch): SQL {
  const conditions: SQL[] = [];
  if (match.code !== undefined) conditions.push(eq(columns.code, match.code));
  if (match.system === null) conditions.push(isNull(columns.system));
  else if (match.system !== undefined) conditions.push(eq(columns.system, match.system));
  return and(...conditions) ?? sql`true`;
}

/** @see https://hl7.org/fhir/R4/search.html#reference */
function referenceCondition(columns: ReferenceColumns, match: ReferenceMatch): SQL {
  const id = eq(columns.targetId, match.targetId);
  return match.targetType ? and(id, eq(columns.targetType, match.targetType))! : id;
}

/**
 * The indexed value covers [low, high) (null = unbounded); the search value covers [sl, sh).
 * Dates are compared through drizzle's operators so they are bound with the column's encoding;
 * a bare Date in a `sql` template reaches postgres.js unencoded and fails there.
 * @see https://hl7.org/fhir/R4/search.html#prefix
 */
function dateCondition({ low, high }: DateColumns, { prefix, low: sl, high: sh }: DateMatch): SQL {
  const highAbove = (bound: Date) => or(isNull(high), gt(high, bound))!;
  const lowBelow = (bound: Date) => or(isNull(low), lt(low, bound))!;
  const within = and(gte(low, sl), lte(high, sh))!;
  switch (prefix) {
    case 'eq':
      // A value range inside [sl, sh) also starts before sh: bounding low both ways lets the
      // lookup index (and the planner's estimate) see one narrow range.
      return and(within, lt(low, sh))!;
    case 'ne':
      return sql`not coalesce(${within}, false)`;
    case 'gt':
      return highAbove(sh);
    case 'ge':
      return highAbove(sl);
    case 'lt':
      return lowBelow(sl);
    case 'le':
      return lowBelow(sh);
    case 'sa':
      return gte(low, sh);
    case 'eb':
      return lte(high, sl);
    case 'ap':
      return and(lowBelow(sh), highAbove(sl))!;
  }
}

/** `_lastUpdated` is an instant: the point t lies in, above or below [sl, sh). */
export function lastUpdatedCondition(t: AnyPgColumn, { prefix, low: sl, high: sh }: DateMatch): SQL {
  const within = and(gte(t, sl), lt(t, sh))!;
  switch (prefix) {
    case 'eq':
    case 'ap':
      return within;
    case 'ne':
      return not(within);
    case 'gt':
    case 'sa':
      return gte(t, sh);
    case 'ge':
      return gte(t, sl);
    case 'lt':
    case 'eb':
      return lt(t, sl);
    case 'le':
      return lt(t, sh);
  }
}

/**
 * Prefix and `:contains` compare normalised text (LIKE wildcards in the value are escaped in
 * SQL, so the value stays a statement parameter); `:exact` compares the text as written, and the
 * normalised value too, so the lookup index narrows the rows first. A prefix is also bounded as a
 * byte range (`~>=~`, `~<=~`: the `text_pattern_ops` order of the lookup index), which a plan can
 * use whatever the value.
 * @see https://hl7.org/fhir/R4/search.html#string
 */
function stringCondition(columns: StringColumns, mode: StringMatchMode, value: unknown, normalized: unknown): SQL {
  const literal = sql`replace(replace(replace(${value}::text, '\\', '\\\\'), '%', '\\%'), '_', '\\_')`;
  switch (mode) {
    case 'prefix':
      // The range (in the index's own byte order) lets even a generic plan read the index by prefix.
      return sql`(${columns.value} ~>=~ ${value}::text and ${columns.value} ~<=~ (${value}::text || chr(1114111)) and ${columns.value} like ${literal} || '%')`;
    case 'contains':
      return sql`${columns.value} like '%' || ${literal} || '%'`;
    case 'exact':
      if (normalized === undefined) throw new Error('an :exact string clause reaches SQL without its normalised values');
      return and(eq(columns.value, normalized), eq(columns.original, value))!;
  }
}

/**
 * A number stands for the range its precision implies (`5.4` is [5.35, 5.45), `5.40` is
 * [5.395, 5.405)). Bounds are computed by PostgreSQL in exact numeric arithmetic, never in floats.
 * @see https://hl7.org/fhir/R4/search.html#number
 */
function quantityCondition(columns: QuantityColumns, match: QuantityMatch): SQL {
  const value = columns.value;
  const exact = sql`(${match.value}::text)::numeric`;
  // Half a unit in the last decimal place written (`5.40` → 0.005); without them, those of the value.
  const places = match.decimals === undefined ? sql`scale(${exact})` : sql`(${match.decimals})::int`;
  const half = sql`(0.5 * power(10::numeric, -${places}))`;
  const withinPrecision = sql`(${value} >= ${exact} - ${half} and ${value} < ${exact} + ${half})`;
  const tenth = sql`abs(${exact}) * 0.1`;
  const comparisons: Record<QuantityMatch['prefix'], SQL> = {
    eq: withinPrecision,
    ne: sql`not ${withinPrecision}`,
    gt: sql`${value} > ${exact}`,
    sa: sql`${value} > ${exact}`,
    ge: sql`${value} >= ${exact}`,
    lt: sql`${value} < ${exact}`,
    eb: sql`${value} < ${exact}`,
    le: sql`${value} <= ${exact}`,
    ap: sql`(${withinPrecision} or ${value} between ${exact} - ${tenth} and ${exact} + ${tenth})`,
  };
  const conditions = [comparisons[match.prefix]];
  if (match.code) conditions.push(eq(columns.code, match.code));
  if (match.system) conditions.push(eq(columns.system, match.system));
  return and(...conditions)!;
}

