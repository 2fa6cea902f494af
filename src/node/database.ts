import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { Database } from '../db/database';
import * as schema from '../db/schema';

/** The committed SQL migrations, shared by PGlite, PostgreSQL and the Workers deployment. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** An arbitrary constant: the advisory lock that keeps two processes from migrating at once. */
const MIGRATION_LOCK = 727_001;

export interface NodeDatabase {
  db: Database;
  /** Where it lives, without credentials: for start-up messages. */
  description: string;
  close(): Promise<void>;
}

/**
 * The embedded PostgreSQL (PGlite), persisted in `dataDir` (created if missing), or in memory
 * when `dataDir` is undefined — then optionally started from a `snapshot` made by
 * {@link snapshotMigratedPglite}. Migrations are applied before it is returned.
 */
export async function openPglite(dataDir: string | undefined, snapshot?: Blob): Promise<NodeDatabase> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const client = dataDir ? new PGlite(dataDir) : new PGlite(snapshot ? { loadDataDir: snapshot } : {});
  await client.waitReady;
  const db = drizzlePglite({ client, schema });
  await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return {
    db: db as unknown as Database,
    description: dataDir ? `embedded PostgreSQL in ${dataDir}` : 'embedded PostgreSQL in memory',
    close: () => client.close(),
  };
}

/**
 * A freshly migrated, empty embedded database as a data-directory archive: starting from it takes
 * well under a second, where initialising and migrating a new one takes several.
 */
export async function snapshotMigratedPglite(): Promise<Blob> {
  const database = await openPglite(undefined);
  try {
    return await (database.db as unknown as { $client: PGlite }).$client.dumpDataDir('none');
  } finally {
    await database.close();
  }
}

export interface PostgresOptions {
  /** Connections in the pool; a few pipelined connections serve a Node process best. */
  max?: number;
}

/** A real PostgreSQL server through postgres.js. Migrations are applied, under a lock, first. */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<NodeDatabase> {
  await migratePostgresOnce(url);
  const sql = postgres(url, { max: options.max ?? 4, onnotice: () => {}, connect_timeout: 10 });
  return {
    db: drizzlePostgres({ client: sql, schema }) as unknown as Database,
    description: `PostgreSQL at ${redactUrl(url)}`,
    close: () => sql.end({ timeout: 5 }),
  };
}

/** Applies pending migrations on one dedicated connection holding an advisory lock. */
export async function migratePostgresOnce(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(drizzlePostgres({ client: sql }), { migrationsFolder: MIGRATIONS_FOLDER });
    await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** `postgres://user:secret@host:5432/db` → `postgres://host:5432/db`. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}
