import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { migratePostgresOnce } from '../../src/node/database';

/**
 * Node side of the Workers suite: the PostgreSQL the Hyperdrive binding points at. DATABASE_URL
 * when set; otherwise a fresh `metbridge_workers_<random>` database on the local server, dropped
 * when the run ends. Migrations are applied here, as an operator would before a deploy.
 */

const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.DATABASE_URL;
  const database = given ? undefined : await createScratchDatabase();
  const url = given ?? `${LOCAL_SERVER}/${database}`;
  await migratePostgresOnce(url);
  project.provide('hyperdriveUrl', withPassword(url));
  return async function teardown() {
    if (database) await dropScratchDatabase(database);
  };
}

async function createScratchDatabase(): Promise<string> {
  const name = `metbridge_workers_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await onServer((sql) => sql.unsafe(`create database "${name}"`));
  return name;
}

/**
 * Waits (up to ten seconds) for the Worker's connections through the local Hyperdrive proxy to
 * close before dropping: terminating them under the proxy makes its sockets fail unhandled.
 */
async function dropScratchDatabase(name: string): Promise<void> {
  await onServer(async (sql) => {
    for (let waited = 0; waited < 10_000; waited += 200) {
      const [row] = await sql<{ sessions: number }[]>`select count(*)::int as sessions from pg_stat_activity where datname = ${name}`;
      if (!row?.sessions) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await sql.unsafe(`drop database if exists "${name}" with (force)`);
  });
}

async function onServer(work: (sql: postgres.Sql) => Promise<unknown>): Promise<void> {
  const sql = postgres(`${LOCAL_SERVER}/postgres`, { max: 1, onnotice: () => {} });
  try {
    await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * Miniflare refuses a Hyperdrive connection string without a password; a server with trust
 * authentication (the local one) ignores whatever is given.
 */
function withPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password === '') parsed.password = 'unused';
  return parsed.toString();
}
