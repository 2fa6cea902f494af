import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Database } from './database';

/**
 * Inserts many rows into one table as a single statement with a single parameter: the rows as a
 * JSON array, expanded by `jsonb_to_recordset`. The query builder binds every value separately,
 * and building a multi-row insert costs CPU per value — a batch of 100 AuditEvents and their
 * ~2,000 search index rows held the event loop for tens of milliseconds — whereas
 * `JSON.stringify` is native and the statement's text is the same for every batch.
 *
 * Columns are the union of the rows' keys; a key a row leaves out is NULL in that row, not the
 * column's default. Values go through JSON: dates as ISO 8601 strings, numbers and numeric
 * strings to `numeric`, each converted by its column type's input function. JSON columns are not
 * supported (their values would be re-encoded).
 * @see https://www.postgresql.org/docs/15/functions-json.html (jsonb_to_recordset)
 */
export async function insertJsonRows<T extends PgTable>(db: Database, table: T, rows: readonly T['$inferInsert'][]): Promise<void> {
  if (!rows.length) return;
  await db.execute(jsonRowsInsert(table, rows));
}

/** The statement of {@link insertJsonRows}. */
export function jsonRowsInsert<T extends PgTable>(table: T, rows: readonly T['$inferInsert'][]): SQL {
  const columns = getTableColumns(table) as Record<string, { name: string; getSQLType(): string }>;
  const keys = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) keys.add(key);
  const used = [...keys].map((key) => {
    const column = columns[key];
    if (!column) throw new Error(`${getTableName(table)} has no column ${key}`);
    const type = column.getSQLType();
    if (/^jsonb?$/.test(type)) throw new Error(`${getTableName(table)}.${column.name} is ${type}: insert it with the query builder`);
    return { key, name: column.name, type };
  });
  const records = rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (const { key, name } of used) record[name] = (row as Record<string, unknown>)[key] ?? null;
    return record;
  });
  const names = sql.join(
    used.map(({ name }) => sql.identifier(name)),
    sql`, `,
  );
  const definitions = sql.join(
    used.map(({ name, type }) => sql`${sql.identifier(name)} ${sql.raw(type)}`),
    sql`, `,
  );
  return sql`insert into ${table} (${names}) select ${names} from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as rows(${definitions})`;
}
