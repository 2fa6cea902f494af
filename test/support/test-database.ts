import { openPglite, openPostgres, type NodeDatabase } from '../../src/node/database';

/**
 * The database the suite runs on: real PostgreSQL when DATABASE_URL is set, otherwise a fresh
 * in-memory PGlite. Tests isolate themselves by creating their own practices (tenants), so one
 * PostgreSQL database serves every test file.
 */
export function openTestDatabase(): Promise<NodeDatabase> {
  const url = process.env.DATABASE_URL;
  return url ? openPostgres(url, { max: 8 }) : openPglite(undefined);
}

export const testDatabaseKind = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
