import { and, asc, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import type { SortKey } from '../../fhir/search/types';
import { decodeBase64UrlText, encodeBase64UrlText } from '../../lib/base64url';
import { resources } from '../schema/resources';
import { searchDates } from '../schema/search-dates';
import { StoreError } from './types';

/**
 * Ordering and keyset paging of search results. Every order ends with the resource id, so it is
 * total; a cursor holds the sort values of the last resource served (as PostgreSQL printed them)
 * and its id, and the next page starts strictly after that position. Pages therefore neither
 * repeat nor skip a resource because others were written in between.
 * @see https://hl7.org/fhir/R4/search.html#sort
 * @see https://hl7.org/fhir/R4/http.html#paging
 */

interface SortColumn {
  /** Never null, so row comparisons need no null handling. */
  expression: SQL;
  descending: boolean;
  /** How a cursor value is cast back, and what it must look like. */
  kind: 'uuid' | 'timestamptz';
}

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIMESTAMP_TEXT = /^(?:-?infinity|\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}(?::\d{2}){0,2}))$/;

export interface SearchOrder {
  columns: SortColumn[];
  /** Names the order, so a cursor is only accepted by the order that issued it. */
  signature: string;
  /** Ordered by resource id alone (the default). */
  idOnly: boolean;
}

export function searchOrder(keys: readonly SortKey[]): SearchOrder {
  const columns = keys.map(sortColumn);
  if (keys.at(-1)?.kind !== 'id') {
    columns.push({ expression: sql`${resources.id}`, descending: keys.at(-1)?.descending ?? false, kind: 'uuid' });
  }
  const signature = keys.map((key) => `${key.descending ? '-' : ''}${key.kind === 'date' ? key.param : `_${key.kind}`}`).join(',');
  return { columns, signature, idOnly: keys.every((key) => key.kind === 'id') };
}

function sortColumn(key: SortKey): SortColumn {
  switch (key.kind) {
    case 'id':
      return { expression: sql`${resources.id}`, descending: key.descending, kind: 'uuid' };
    case 'lastUpdated':
      return { expression: sql`${resources.lastUpdated}`, descending: key.descending, kind: 'timestamptz' };
    case 'date':
      return { expression: dateSortValue(key.param, key.descending), descending: key.descending, kind: 'timestamptz' };
  }
}

/**
 * Ascending: the earliest instant the resource's values cover (an open start is -infinity);
 * descending: the latest (an open end is infinity). Without a value: last in either direction.
 */
function dateSortValue(param: string, descending: boolean): SQL {
  const { low, high } = searchDates;
  const aggregate = descending ? sql`max(coalesce(${high}, 'infinity'))` : sql`min(coalesce(${low}, '-infinity'))`;
  const absent = descending ? sql`'-infinity'::timestamptz` : sql`'infinity'::timestamptz`;
  return sql`coalesce((select ${aggregate} from ${searchDates} where ${and(
    eq(searchDates.practiceId, resources.practiceId),
    eq(searchDates.resourceType, resources.resourceType),
    eq(searchDates.resourceId, resources.id),
    eq(searchDates.param, param),
  )}), ${absent})`;
}

export function orderBy(order: SearchOrder): SQL[] {
  return order.columns.map((column) => (column.descending ? desc(column.expression) : asc(column.expression)));
}

/**
 * The sort values of a row as a JSON array (text), to build the cursor from: JSON renders
 * timestamps in ISO 8601 whatever the session's DateStyle, and they cast back exactly.
 */
export function positionOf(order: SearchOrder): SQL<string> {
  return sql<string>`json_build_array(${sql.join(
    order.columns.map((column) => column.expression),
    sql`, `,
  )})::text`;
}

export function encodeSearchCursor(order: SearchOrder, position: string): string {
  return encodeBase64UrlText(JSON.stringify([order.signature, ...(JSON.parse(position) as string[])]));
}

/** Rows strictly after a position in `order` (its sort values, the id last: see {@link cursorPosition}). */
export function afterPosition(order: SearchOrder, values: readonly unknown[]): SQL {
  const bound = order.columns.map((column, index) => sql`${values[index]}::${sql.raw(column.kind)}`);
  const expressions = order.columns.map((column) => column.expression);
  const directions = new Set(order.columns.map((column) => column.descending));
  if (directions.size === 1) {
    const operator = order.columns[0]!.descending ? sql`<` : sql`>`;
    return sql`(${sql.join(expressions, sql`, `)}) ${operator} (${sql.join(bound, sql`, `)})`;
  }
  const alternatives = order.columns.map((column, index) => {
    const equalBefore = expressions.slice(0, index).map((expression, j) => sql`${expression} = ${bound[j]}`);
    const beyond = column.descending ? sql`${expressions[index]} < ${bound[index]}` : sql`${expressions[index]} > ${bound[index]}`;
    return and(...equalBefore, beyond)!;
  });
  return or(...alternatives)!;
}

/** The sort values a cursor of `order` holds, the id last; refuses cursors this order did not issue. */
export function cursorPosition(order: SearchOrder, cursor: string): string[] {
  const invalid = () => new StoreError('invalid-cursor', 'The paging cursor is not valid for this search.');
  let decoded: unknown;
  try {
    decoded = JSON.parse(decodeBase64UrlText(cursor) ?? '');
  } catch {
    throw invalid();
  }
  if (!Array.isArray(decoded) || decoded.length !== order.columns.length + 1 || decoded[0] !== order.signature) throw invalid();
  const values = decoded.slice(1);
  const wellFormed = values.every(
    (value, index) =>
      typeof value === 'string' && (order.columns[index]!.kind === 'uuid' ? UUID_TEXT : TIMESTAMP_TEXT).test(value),
  );
  if (!wellFormed) throw invalid();
  return values as string[];
}
