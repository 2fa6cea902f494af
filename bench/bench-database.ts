import postgres from 'postgres';
import { redactUrl } from '../src/node/database';
import { stopOnSignal } from './stop-signal';

/** The local server used when DATABASE_URL is not set: trust auth, superuser `postgres`. */
const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432';

export interface BenchDatabase {
  url: string;
  /** True when the database was created for this run (and is dropped by `release`). */
  owned: boolean;
  /** Drops the database when it was created for this run; safe to call more than once. */
  release(): Promise<void>;
}

/**
 * DATABASE_URL as given, or a fresh `<prefix>_<pid>` database on the local server (by default
 * `metbridge_bench_<pid>`).
 */
export async function provisionBenchDatabase(prefix = 'metbridge_bench'): Promise<BenchDatabase> {
  const given = process.env.DATABASE_URL;
  if (given) return { url: given, owned: false, release: async () => {} };
  const name = `${prefix}_${process.pid}`;
  await onMaintenanceDatabase((sql) => sql.unsafe(`create database "${name}"`));
  let released = false;
  return {
    url: `${LOCAL_SERVER}/${name}`,
    owned: true,
    async release() {
      if (released) return;
      released = true;
      await onMaintenanceDatabase((sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
    },
  };
}

async function onMaintenanceDatabase(work: (sql: postgres.Sql) => Promise<unknown>): Promise<void> {
  const sql = postgres(`${LOCAL_SERVER}/postgres`, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** A benchmark's progress line on stdout. */
export function benchLog(message: string): void {
  console.log(`[bench] ${message}`);
}

/**
 * Runs a database benchmark: on its database (see {@link provisionBenchDatabase}), with a signal
 * that the first Ctrl-C aborts, and the database released however the run ends.
 */
export async function runOnBenchDatabase(
  prefix: string | undefined,
  run: (database: BenchDatabase, stop: AbortSignal) => Promise<void>,
): Promise<void> {
  const stop = stopOnSignal(benchLog);
  const database = await provisionBenchDatabase(prefix);
  try {
    benchLog(`${database.owned ? 'created' : 'using'} ${redactUrl(database.url)}`);
    await run(database, stop);
  } finally {
    await database.release();
  }
}
