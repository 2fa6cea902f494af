import { and, eq, inArray, not, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { SearchParamType } from '../../fhir/search/parameters';
import type { SearchClause } from '../../fhir/search/types';
import { resources } from '../schema/resources';
import { searchDates } from '../schema/search-dates';
import { searchQuantities } from '../schema/search-quantities';
import { searchReferences } from '../schema/search-references';
import { searchStrings } from '../schema/search-strings';
import { searchTokens } from '../schema/search-tokens';
import { searchUris } from '../schema/search-uris';
import { current } from './search-columns';
import { lastUpdatedCondition, valueMatch, type ValueClause } from './search-matches';

/**
 * Compiles parsed search clauses to SQL conditions on a resource id: `resources.id`, or the
 * `resource_id` of an index scan that drives the search. A value clause is the set of resource
 * ids with a matching index row (`id in (…)`), a negated one the absence of such a row, so
 * repeated parameters (AND) and comma lists (OR) compose freely. Every subquery is confined to
 * the practice and type — and, within a Patient's compartment, to that Patient's rows.
 * @see https://hl7.org/fhir/R4/search.html
 */

export type IndexTable =
  | typeof searchTokens
  | typeof searchReferences
  | typeof searchDates
  | typeof searchStrings
  | typeof searchQuantities
  | typeof searchUris;

/** The index table of each parameter type. */
export const INDEX_TABLES: Readonly<Record<SearchParamType, IndexTable>> = {
  token: searchTokens,
  reference: searchReferences,
  date: searchDates,
  string: searchStrings,
  quantity: searchQuantities,
  uri: searchUris,
};

const VALUE_TABLE: Readonly<Record<ValueClause['kind'], IndexTable>> = INDEX_TABLES;

/** The columns every index table (or alias of one) has. */
export interface IndexColumns {
  practiceId: AnyPgColumn;
  resourceType: AnyPgColumn;
  resourceId: AnyPgColumn;
  param: AnyPgColumn;
  patientCompartment: AnyPgColumn;
}

/** What clause conditions are about. */
export interface ClauseTarget {
  /** The uuid column naming the resource. */
  id: AnyPgColumn;
  /** True when `id` is `resources.id`, so the resource's own columns can be compared directly. */
  onResources: boolean;
  practiceId: string;
  resourceType: string;
  /** The Patient whose compartment the search is confined to, if any. */
  compartment?: string;
}

export function clauseCondition(clause: SearchClause, target: ClauseTarget): SQL {
  switch (clause.kind) {
    case 'id':
      return clause.ids.length ? inArray(target.id, clause.ids) : sql`false`;
    case 'lastUpdated': {
      const updated = or(...clause.matches.map((match) => lastUpdatedCondition(resources.lastUpdated, match))) ?? sql`false`;
      if (target.onResources) return updated;
      return sql`${target.id} in (select ${resources.id} from ${resources} where ${and(
        eq(resources.practiceId, target.practiceId),
        eq(resources.resourceType, target.resourceType),
        current,
        updated,
      )})`;
    }
    case 'missing': {
      const table = INDEX_TABLES[clause.type];
      return clause.missing ? not(rowExists(table, clause.param, sql`true`, target)) : idsWith(table, clause.param, sql`true`, target);
    }
    case 'anyOf':
      return or(...clause.alternatives.map((alternative) => and(...alternative.map((inner) => clauseCondition(inner, target))) ?? sql`true`)) ?? sql`false`;
    case 'token':
      if (clause.negated) return not(rowExists(searchTokens, clause.param, valueMatch(clause, searchTokens), target));
      return idsWith(searchTokens, clause.param, valueMatch(clause, searchTokens), target);
    default: {
      const table = VALUE_TABLE[clause.kind];
      return idsWith(table, clause.param, valueMatch(clause, table), target);
    }
  }
}

/** The rows of `param` in `table` that belong to the search's practice, type and compartment. */
export function indexRowsOf(columns: IndexColumns, param: string, target: Omit<ClauseTarget, 'id' | 'onResources'>): SQL {
  return and(
    eq(columns.practiceId, target.practiceId),
    eq(columns.resourceType, target.resourceType),
    target.compartment === undefined ? undefined : eq(columns.patientCompartment, target.compartment),
    eq(columns.param, param),
  )!;
}

/** `id in (the resources with a row of param matching)`: uncorrelated, so the planner may merge or hash it. */
function idsWith(table: IndexTable, param: string, match: SQL, target: ClauseTarget): SQL {
  return sql`${target.id} in (select ${table.resourceId} from ${table} where ${and(indexRowsOf(table, param, target), match)})`;
}

/** Whether the resource has a row of param matching: correlated, for negations. */
function rowExists(table: IndexTable, param: string, match: SQL, target: ClauseTarget): SQL {
  return sql`exists (select 1 from ${table} where ${and(eq(table.resourceId, target.id), indexRowsOf(table, param, target), match)})`;
}
