import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema';

/**
 * A drizzle handle on PostgreSQL, whichever driver is behind it: PGlite (embedded),
 * postgres.js (Node) or postgres.js through Hyperdrive (Workers). A transaction is one too.
 */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

/** The database handle for one request. Node hands out one shared pool; Workers open a client per request. */
export interface DatabaseProvider {
  forRequest(): Database;
}
