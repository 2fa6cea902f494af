import { sql } from 'drizzle-orm';

/**
 * A search as a statement template: every value (a code, an id, a date, a number) replaced by a
 * named placeholder, named by its position, and everything that shapes the SQL (types, parameter
 * codes, prefixes, modifiers, which optional parts are present, how many values a list holds)
 * kept as it is. Searches of the same shape share one template key, so their statement is built
 * and prepared once and then only executed with their values.
 */
export interface StatementTemplate<T> {
  template: T;
  values: Record<string, unknown>;
  key: string;
}

/** Fields whose values shape the SQL rather than fill it. */
const STRUCTURAL = new Set(['kind', 'param', 'prefix', 'mode', 'negated', 'missing', 'type', 'targetType', 'resourceType']);

export function templateOf<T>(input: T): StatementTemplate<T> {
  const values: Record<string, unknown> = {};
  let next = 0;
  const walk = (value: unknown, structural: boolean): unknown => {
    if (value === null || value === undefined || typeof value === 'boolean') return value;
    if (Array.isArray(value)) return value.map((item) => walk(item, structural));
    if (value instanceof Date || typeof value !== 'object') {
      if (structural) return value;
      const name = `p${next++}`;
      // Placeholders reach the driver unencoded: instants go as ISO 8601 text.
      values[name] = value instanceof Date ? value.toISOString() : value;
      return sql.placeholder(name);
    }
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, walk(child, STRUCTURAL.has(key))]));
  };
  const template = walk(input, false) as T;
  return { template, values, key: JSON.stringify(template) };
}

/** A bounded cache of built statements per database handle (a transaction's handle has its own). */
export function statementCache<S>(limit: number): (db: object, key: string, build: () => S) => S {
  const caches = new WeakMap<object, Map<string, S>>();
  return (db, key, build) => {
    let cache = caches.get(db);
    if (!cache) caches.set(db, (cache = new Map()));
    let statement = cache.get(key);
    if (statement === undefined) {
      statement = build();
      if (cache.size >= limit) cache.delete(cache.keys().next().value!);
      cache.set(key, statement);
    }
    return statement;
  };
}
