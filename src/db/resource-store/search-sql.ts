import { and, eq, gt, gte, inArray, isNull, lt, lte, not, or, sql, type SQL } from 'drizzle-orm';
import { decimalPlaces, halfStep } from '../../fhir/search/number-precision';
import type { DateMatch, QuantityMatch, ReferenceMatch, SearchClause, TokenMatch } from '../../fhir/search/types';
import { resources } from '../schema/resources';
import { searchDates } from '../schema/search-dates';
import { searchQuantities } from '../schema/search-quantities';
import { searchReferences } from '../schema/search-references';
import { searchStrings } from '../schema/search-strings';
import { searchTokens } from '../schema/search-tokens';
import { searchUris } from '../schema/search-uris';

/**
 * Compiles parsed search clauses to SQL conditions on the `resources` table. Each clause is an
 * EXISTS over its index table, so repeated parameters (AND) and comma lists (OR) compose freely.
 * @see https://hl7.org/fhir/R4/search.html
 */
export function clauseCondition(clause: SearchClause): SQL {
  switch (clause.kind) {
    case 'id':
      return clause.ids.length ? inArray(resources.id, clause.ids) : sql`false`;
    case 'lastUpdated':
      return anyOf(clause.matches.map(lastUpdatedCondition));
    case 'token':
      return indexed(searchTokens, clause.param, anyOf(clause.matches.map(tokenCondition)));
    case 'reference':
      return indexed(searchReferences, clause.param, anyOf(clause.matches.map(referenceCondition)));
    case 'date':
      return indexed(searchDates, clause.param, anyOf(clause.matches.map(dateCondition)));
    case 'string':
      return indexed(
        searchStrings,
        clause.param,
        anyOf(clause.prefixes.map((prefix) => sql`${searchStrings.value} like ${escapeLike(prefix) + '%'}`)),
      );
    case 'quantity':
      return indexed(searchQuantities, clause.param, anyOf(clause.matches.map(quantityCondition)));
    case 'uri':
      return indexed(searchUris, clause.param, inArray(searchUris.value, clause.values));
  }
}

type IndexTable =
  | typeof searchTokens
  | typeof searchReferences
  | typeof searchDates
  | typeof searchStrings
  | typeof searchQuantities
  | typeof searchUris;

function indexed(table: IndexTable, param: string, match: SQL): SQL {
  return sql`exists (select 1 from ${table} where ${and(
    eq(table.practiceId, resources.practiceId),
    eq(table.resourceType, resources.resourceType),
    eq(table.resourceId, resources.id),
    eq(table.param, param),
    match,
  )})`;
}

function anyOf(conditions: SQL[]): SQL {
  return conditions.length ? (or(...conditions) ?? sql`false`) : sql`false`;
}

/** @see https://hl7.org/fhir/R4/search.html#token */
function tokenCondition(match: TokenMatch): SQL {
  const conditions: SQL[] = [];
  if (match.code !== undefined) conditions.push(eq(searchTokens.code, match.code));
  if (match.system === null) conditions.push(sql`${searchTokens.system} is null`);
  else if (match.system !== undefined) conditions.push(eq(searchTokens.system, match.system));
  return and(...conditions) ?? sql`true`;
}

/** @see https://hl7.org/fhir/R4/search.html#reference */
function referenceCondition(match: ReferenceMatch): SQL {
  const id = eq(searchReferences.targetId, match.targetId);
  return match.targetType ? and(id, eq(searchReferences.targetType, match.targetType))! : id;
}

/**
 * The indexed value covers [low, high) (null = unbounded); the search value covers [sl, sh).
 * Dates are compared through drizzle's operators so they are bound with the column's encoding;
 * a bare Date in a `sql` template reaches postgres.js unencoded and fails there.
 * @see https://hl7.org/fhir/R4/search.html#prefix
 */
function dateCondition({ prefix, low: sl, high: sh }: DateMatch): SQL {
  const { low, high } = searchDates;
  const highAbove = (bound: Date) => or(isNull(high), gt(high, bound))!;
  const lowBelow = (bound: Date) => or(isNull(low), lt(low, bound))!;
  const within = and(gte(low, sl), lte(high, sh))!;
  switch (prefix) {
    case 'eq':
      return within;
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
function lastUpdatedCondition({ prefix, low: sl, high: sh }: DateMatch): SQL {
  const t = resources.lastUpdated;
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
 * A number stands for the range its precision implies (`5.4` is [5.35, 5.45), `5.40` is
 * [5.395, 5.405)). Bounds are computed by PostgreSQL in exact numeric arithmetic, never in floats.
 * @see https://hl7.org/fhir/R4/search.html#number
 */
function quantityCondition(match: QuantityMatch): SQL {
  const value = searchQuantities.value;
  const exact = sql`${String(match.value)}::numeric`;
  const half = sql`${halfStep(match.decimals ?? decimalPlaces(String(match.value)))}::numeric`;
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
  if (match.code) conditions.push(eq(searchQuantities.code, match.code));
  if (match.system) conditions.push(eq(searchQuantities.system, match.system));
  return and(...conditions)!;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}
