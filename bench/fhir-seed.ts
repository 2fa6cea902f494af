import { performance } from 'node:perf_hooks';
import type postgres from 'postgres';
import { createRepositories } from '../src/db/repositories';
import type { PracticeResourceStore } from '../src/db/resource-store/resource-store';
import { systemClock } from '../src/lib/clock';
import { openPostgres } from '../src/node/database';
import { createTestPractice } from '../test/support/practices';
import { forkBenchModule } from './child-processes';
import { runLoad } from './load-runner';
import { benchPatient } from './observation-fixture';
import type { HistoryShape } from './practice-history';
import type { SeedTask, SeedWorkerMessage } from './seed-worker';

/** The practice the FHIR benchmark seeds, found again by name when the database is reused. */
export const BENCH_PRACTICE_NAME = 'MetBridge FHIR benchmark practice';
const CLIENT_IDENTIFIER_SYSTEM = 'urn:metbridge:bench:client';

export interface SeedOptions {
  /** Node processes creating Observations side by side. */
  processes: number;
  /** postgres.js connections of each seeding process. */
  poolSize: number;
  /** Creates in flight at once in each seeding process. */
  concurrency: number;
  stop: AbortSignal;
  log: (message: string) => void;
}

export interface SeededPractice {
  practiceId: string;
  /** The Patients in client order: `patientIds[n]` is the Patient of `client-n`. */
  patientIds: string[];
  observations: number;
  /** Resources this run created (0 when an already seeded database was reused). */
  created: { patients: number; observations: number };
  seedSeconds: number;
}

/**
 * Brings the benchmark practice up to `shape` through the real store — every Patient and
 * Observation by `PracticeResourceStore.create`, with its version row and search index — reusing
 * whatever a previous run left in the database and creating only what is missing.
 */
export async function seedPractice(
  sql: postgres.Sql,
  url: string,
  shape: HistoryShape,
  options: SeedOptions,
): Promise<SeededPractice> {
  const database = await openPostgres(url, { max: options.poolSize });
  const started = performance.now();
  try {
    const repositories = createRepositories(database.db, systemClock);
    const practiceId = (await findBenchPractice(sql)) ?? (await createTestPractice(repositories, BENCH_PRACTICE_NAME));
    const store = repositories.resourcesOf(practiceId);
    const existing = await countResources(sql, practiceId);
    options.log(`practice ${practiceId}: ${existing.patients} Patients and ${existing.observations} Observations already there`);

    let patientIds = await clientPatientIds(sql, practiceId);
    const missingPatients = Math.max(0, shape.clients - patientIds.length);
    if (missingPatients > 0) {
      await createPatients(store, patientIds.length, missingPatients, options);
      patientIds = await clientPatientIds(sql, practiceId);
    }
    const target = { clients: patientIds.length, observations: Math.max(shape.observations, existing.observations) };
    const missingObservations = target.observations - existing.observations;
    if (missingObservations > 0 && !options.stop.aborted) {
      await createObservations(seedingUrl(url), practiceId, patientIds, target, existing.observations, options);
    }
    const created = { patients: missingPatients, observations: Math.max(0, missingObservations) };
    if ((created.patients || created.observations) && !options.stop.aborted) {
      options.log('vacuum analyze of the resource and search index tables…');
      await sql.unsafe(
        'vacuum analyze resources, resource_versions, search_tokens, search_references, search_dates, ' +
          'search_strings, search_quantities, search_uris',
      );
    }
    const after = await countResources(sql, practiceId);
    return {
      practiceId,
      patientIds,
      observations: after.observations,
      created,
      seedSeconds: (performance.now() - started) / 1000,
    };
  } finally {
    await database.close();
  }
}

async function findBenchPractice(sql: postgres.Sql): Promise<string | undefined> {
  const [row] = await sql<{ id: string }[]>`
    select id from practices where name = ${BENCH_PRACTICE_NAME} order by created_at limit 1`;
  return row?.id;
}

async function countResources(sql: postgres.Sql, practiceId: string): Promise<{ patients: number; observations: number }> {
  const rows = await sql<{ resource_type: string; count: string }[]>`
    select resource_type, count(*) from resources
    where practice_id = ${practiceId} and resource_type in ('Patient', 'Observation') and not deleted
    group by resource_type`;
  const countOf = (type: string) => Number(rows.find((row) => row.resource_type === type)?.count ?? 0);
  return { patients: countOf('Patient'), observations: countOf('Observation') };
}

/** The Patients indexed by the number in their `client-n` identifier. */
async function clientPatientIds(sql: postgres.Sql, practiceId: string): Promise<string[]> {
  const rows = await sql<{ resource_id: string; code: string }[]>`
    select resource_id, code from search_tokens
    where practice_id = ${practiceId} and resource_type = 'Patient' and param = 'identifier'
      and system = ${CLIENT_IDENTIFIER_SYSTEM}`;
  const ids: string[] = [];
  for (const row of rows) ids[Number(row.code.slice('client-'.length))] = row.resource_id;
  const dense = ids.filter((id): id is string => id !== undefined);
  if (dense.length !== ids.length) throw new Error('The benchmark practice has gaps in its client-n Patients; use a fresh database.');
  return dense;
}

async function createPatients(store: PracticeResourceStore, first: number, count: number, options: SeedOptions): Promise<void> {
  options.log(`creating ${count} Patients…`);
  await runLoad(
    { concurrency: options.concurrency, maxOperations: count, maxMilliseconds: Infinity, stop: options.stop },
    (index) => store.create(benchPatient(first + index)),
  );
}

/**
 * The missing Observations, created by `options.processes` seeding processes that each take
 * every n-th sequence, so that all of them work through the same clients and dates.
 */
async function createObservations(
  url: string,
  practiceId: string,
  patientIds: string[],
  shape: HistoryShape,
  first: number,
  options: SeedOptions,
): Promise<void> {
  const count = shape.observations - first;
  const slices = Math.min(options.processes, count);
  options.log(
    `creating ${count} Observations through PracticeResourceStore.create: ${slices} process(es), ` +
      `${options.concurrency} creates in flight each…`,
  );
  const progress = progressReporter(count, options.log);
  const task = { databaseUrl: url, poolSize: options.poolSize, concurrency: options.concurrency, practiceId, patientIds, shape };
  await Promise.all(
    Array.from({ length: slices }, (_, slice) =>
      runSeedWorker({ ...task, first, end: shape.observations, slice, slices }, progress.done, options.stop),
    ),
  );
  progress.finish();
}

function runSeedWorker(task: SeedTask, created: (count: number) => void, stop: AbortSignal): Promise<void> {
  const child = forkBenchModule('./seed-worker.ts');
  const onStop = () => child.kill('SIGTERM');
  stop.addEventListener('abort', onStop, { once: true });
  return new Promise((resolve, reject) => {
    let outcome: SeedWorkerMessage | undefined;
    child.on('message', (message: SeedWorkerMessage) => {
      if (message.kind === 'progress') created(message.created);
      else outcome = message;
    });
    child.once('exit', (code, signal) => {
      stop.removeEventListener('abort', onStop);
      if (outcome?.kind === 'failed') reject(new Error(`seeding process: ${outcome.message}`));
      else if (outcome?.kind === 'done' || stop.aborted) resolve();
      else reject(new Error(`a seeding process ended (${signal ?? `exit code ${code}`}) before it was done`));
    });
    child.send(task);
  });
}

/**
 * The seeding connections skip waiting for each commit's WAL flush (`synchronous_commit=off`):
 * every row is still written, indexed and committed, only sooner. The servers measured later
 * use the URL as given.
 */
function seedingUrl(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('synchronous_commit', 'off');
  return parsed.toString();
}

/** Logs done/total, the overall and recent rates, and the time left, every few seconds. */
function progressReporter(total: number, log: (message: string) => void) {
  const started = performance.now();
  let done = 0;
  let last = { at: started, done: 0 };
  const report = (now: number) => {
    const seconds = (now - started) / 1000;
    const recent = ((done - last.done) * 1000) / Math.max(now - last.at, 1);
    const left = recent > 0 ? ` ~${((total - done) / recent).toFixed(0)} s left` : '';
    log(
      `  ${done}/${total} Observations in ${seconds.toFixed(0)} s: ${(done / Math.max(seconds, 0.001)).toFixed(0)}/s overall, ` +
        `${recent.toFixed(0)}/s lately;${left}`,
    );
    last = { at: now, done };
  };
  return {
    done(count: number) {
      done += count;
      const now = performance.now();
      if (now - last.at >= 10_000) report(now);
    },
    finish: () => report(performance.now()),
  };
}
