import { and, asc, count, countDistinct, desc, eq, gt, lt, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { compartmentParameter } from '../../fhir/search/parameters';
import type { SearchClause } from '../../fhir/search/types';
import type { Database } from '../database';
import { resources } from '../schema/resources';
import { current, matchColumns } from './search-columns';
import { valueMatch, withNormalizedExact, type ValueClause } from './search-matches';
import { afterPosition, cursorPosition, orderBy, positionOf, type SearchOrder } from './search-sort';
import { clauseCondition, INDEX_TABLES, indexRowsOf, type ClauseTarget, type IndexColumns } from './search-sql';
import { statementCache, templateOf } from './search-template';

/**
 * Plans and runs the statements of one search. Two shapes:
 *
 * - **index first** (id order, at least one value clause): one value clause drives — its lookup
 *   index yields resource ids in id order — the other clauses filter those ids, and only the
 *   page's ids (`_count` + 1) are then read from `resources`. Resources that do not match are
 *   never read, and the scan stops once the page is full.
 * - **resources first** (any other order, or no value clause): `resources` filtered by every
 *   clause and sorted.
 *
 * Within one Patient's compartment (`patient=Patient/x` on a type whose `patient` parameter
 * names its compartment), every index subquery reads only that Patient's rows through the
 * compartment indexes, and the `patient` clause itself is then implied by the others.
 *
 * Statements are built once per shape of search (see search-template.ts) and run as prepared
 * statements, so a search of a shape already seen is neither rebuilt nor planned again.
 * @see https://hl7.org/fhir/R4/search.html
 * @see https://hl7.org/fhir/R4/compartmentdefinition-patient.html
 */
export interface SearchPlanInput {
  practiceId: string;
  resourceType: string;
  clauses: readonly SearchClause[];
  order: SearchOrder;
}

/** A page's row: the match's id and text, and its sort position for the next cursor. */
export interface PageRow {
  id: string;
  json: string | null;
  position: string;
}

export interface SearchStatements {
  /** The page (up to `count` + 1 rows, in order), after `cursor`. */
  page(count: number, cursor: string | undefined): Promise<PageRow[]>;
  /** Every match. */
  total(): Promise<number>;
}

interface Executable<T> {
  execute(values: Record<string, unknown>): Promise<T>;
}

interface Preparable<T> extends Executable<T> {
  prepare(name: string): Executable<T>;
}

/**
 * A prepared statement, except for searches whose best plan depends on the values: an open date
 * range, a quantity or a `:contains` over a whole type (not confined to one Patient) matches a
 * handful of rows or most of them, and PostgreSQL's generic plan of a prepared statement cannot
 * tell which. Those are sent unprepared, so each is planned with its values. (A `_lastUpdated`
 * range sorted by `_lastUpdated` is not among them: its index serves filter and order alike.)
 */
function runnable<T>(statement: Preparable<T>, input: StatementInput, order: SearchOrder): Executable<T> {
  return planWithValues(input, order) ? { execute: (values) => statement.execute(values) } : statement.prepare('search');
}

function planWithValues(input: StatementInput, order: SearchOrder): boolean {
  if (compartmentOf(input)) return false;
  const sortedByUpdate = order.signature.replace(/^-/, '').startsWith('_lastUpdated');
  const open = (matches: readonly { prefix: string }[]) => matches.some((match) => match.prefix !== 'eq');
  return input.clauses.some(
    (clause) =>
      (clause.kind === 'date' && open(clause.matches)) ||
      (clause.kind === 'lastUpdated' && !sortedByUpdate && open(clause.matches)) ||
      clause.kind === 'quantity' ||
      (clause.kind === 'string' && clause.mode === 'contains'),
  );
}

/** What the statements are built from: a search with its values replaced by placeholders. */
interface StatementInput {
  practiceId: string;
  resourceType: string;
  clauses: SearchClause[];
  /** The cursor's sort values, when paging on. */
  position?: string[];
  /** `_count` + 1. */
  limit?: number;
}

const cachedPage = statementCache<Executable<PageRow[]>>(256);
const cachedTotal = statementCache<Executable<{ total: number }[]>>(256);

export function searchStatements(db: Database, input: SearchPlanInput): SearchStatements {
  const base = { practiceId: input.practiceId, resourceType: input.resourceType, clauses: input.clauses.map(withNormalizedExact) };
  return {
    page: (count, cursor) => {
      const position = cursor === undefined ? undefined : cursorPosition(input.order, cursor);
      const { template, values, key } = templateOf<StatementInput>({ ...base, limit: count + 1, ...(position ? { position } : {}) });
      const build = () => runnable(buildStatements(db, template, input.order).page, template, input.order);
      return cachedPage(db, `${input.order.signature}|${key}`, build).execute(values);
    },
    total: async () => {
      const { template, values, key } = templateOf<StatementInput>(base);
      const build = () => runnable(buildStatements(db, template, input.order).total, template, input.order);
      const rows = await cachedTotal(db, `${input.order.signature}|${key}`, build).execute(values);
      return rows[0]?.total ?? 0;
    },
  };
}

function buildStatements(db: Database, input: StatementInput, order: SearchOrder) {
  const compartment = compartmentOf(input);
  const scope = {
    practiceId: input.practiceId,
    resourceType: input.resourceType,
    ...(compartment ? { compartment: compartment.patientId } : {}),
  };
  const targetFor = (clause: SearchClause, target: ClauseTarget) => (clause === compartment?.clause ? unscoped(target) : target);
  const driving = order.idOnly ? drivingClause(input.clauses, compartment?.clause) : undefined;

  if (!driving) {
    const target: ClauseTarget = { ...scope, id: resources.id, onResources: true };
    const matching = and(
      eq(resources.practiceId, input.practiceId),
      eq(resources.resourceType, input.resourceType),
      current,
      ...input.clauses.map((clause) => clauseCondition(clause, targetFor(clause, target))),
    );
    return {
      page: db
        .select({ ...matchColumns, position: positionOf(order) })
        .from(resources)
        .where(and(matching, input.position ? afterPosition(order, input.position) : undefined))
        .orderBy(...orderBy(order))
        .limit(input.limit ?? 0),
      total: db.select({ total: count() }).from(resources).where(matching),
    };
  }

  const table = INDEX_TABLES[driving.clause.kind];
  const driver = alias(table, 'driver') as unknown as IndexColumns & typeof table;
  const target: ClauseTarget = { ...scope, id: driver.resourceId, onResources: false };
  const others = input.clauses.filter(
    (clause) => clause !== driving.clause && !(driving.impliesCompartment && clause === compartment?.clause),
  );
  const matching = and(
    indexRowsOf(driver, driving.clause.param, driving.clause === compartment?.clause ? unscoped(scope) : scope),
    valueMatch(driving.clause, driver),
    ...others.map((clause) => clauseCondition(clause, targetFor(clause, target))),
  );
  const descending = order.columns[0]!.descending;
  const after = input.position?.[0];
  const ids = db
    .selectDistinct({ id: driver.resourceId })
    .from(driver)
    .where(and(matching, after === undefined ? undefined : descending ? lt(driver.resourceId, after) : gt(driver.resourceId, after)))
    .orderBy(descending ? desc(driver.resourceId) : asc(driver.resourceId))
    .limit(input.limit ?? 0);
  return {
    page: db
      .select({ ...matchColumns, position: positionOf(order) })
      .from(resources)
      .where(
        and(
          eq(resources.practiceId, input.practiceId),
          eq(resources.resourceType, input.resourceType),
          current,
          sql`${resources.id} = any(array(${ids}))`,
        ),
      )
      .orderBy(...orderBy(order)),
    total: db.select({ total: countDistinct(driver.resourceId) }).from(driver).where(matching),
  };
}

interface Compartment {
  clause: SearchClause;
  patientId: string;
}

/** `patient=Patient/x` (one value) on the type's compartment parameter. */
function compartmentOf(input: StatementInput): Compartment | undefined {
  const parameter = compartmentParameter(input.resourceType);
  if (!parameter) return undefined;
  const clause = input.clauses.find(
    (candidate) =>
      candidate.kind === 'reference' &&
      candidate.param === parameter.code &&
      candidate.matches.length === 1 &&
      candidate.matches[0]!.targetType === 'Patient',
  );
  return clause?.kind === 'reference' ? { clause, patientId: clause.matches[0]!.targetId } : undefined;
}

/** The compartment clause is about the compartment itself: never confine it to one. */
function unscoped<T extends { compartment?: string }>(scope: T): T {
  const { compartment: _compartment, ...rest } = scope;
  return rest as T;
}

interface DrivingClause {
  clause: ValueClause;
  /** The driver is confined to the compartment, so the `patient` clause adds nothing. */
  impliesCompartment: boolean;
}

/**
 * The value clause whose lookup drives an id-ordered search: within a compartment a token or
 * date clause (read from the compartment indexes), else a reference (usually the narrowest),
 * else any value clause. Searches by `_id` read `resources` by primary key instead.
 */
function drivingClause(clauses: readonly SearchClause[], compartmentClause: SearchClause | undefined): DrivingClause | undefined {
  if (clauses.some((clause) => clause.kind === 'id')) return undefined;
  const values = clauses.filter(isValueClause);
  if (compartmentClause) {
    const scoped = values.find((clause) => clause.kind === 'token') ?? values.find((clause) => clause.kind === 'date');
    if (scoped) return { clause: scoped, impliesCompartment: true };
  }
  const chosen = values.find((clause) => clause.kind === 'reference') ?? values.find((clause) => clause.kind === 'token') ?? values[0];
  return chosen ? { clause: chosen, impliesCompartment: false } : undefined;
}

function isValueClause(clause: SearchClause): clause is ValueClause {
  return ['reference', 'date', 'string', 'quantity', 'uri'].includes(clause.kind) || (clause.kind === 'token' && !clause.negated);
}
