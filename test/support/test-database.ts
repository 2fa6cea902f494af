import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import { openPglite, openPostgres, type NodeDatabase } from '../../src/node/database';

/**
 * The database the suite runs on: real PostgreSQL when DATABASE_URL is set, otherwise a fresh
 * in-memory PGlite started from the run's migrated snapshot. Tests isolate themselves by creating
 * their own practices (tenants), so one PostgreSQL database serves every test file.
 */
export async function openTestDatabase(): Promise<NodeDatabase> {
  const url = process.env.DATABASE_URL;
  if (url) return openPostgres(url, { max: 8 });
  const snapshotPath = inject('pgliteSnapshot');
  const snapshot = snapshotPath ? new Blob([new Uint8Array(await readFile(snapshotPath))]) : undefined;
  return openPglite(undefined, snapshot);
}

export const testDatabaseKind = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
