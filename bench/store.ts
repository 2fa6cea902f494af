/**
 * The resource store against bare PostgreSQL: create, read by id and update throughput of
 * `PracticeResourceStore`, each beside the same operation done with one plain postgres.js
 * statement on a table of the same shape, with the same pool and the same concurrency.
 *
 *   npm run bench:store [-- --pool=2 --concurrency=32]
 *
 * Uses DATABASE_URL when set; otherwise creates `metbridge_bench_<pid>` on the local server and
 * drops it at the end. A benchmark, not a test: it reports and never fails on figures.
 */
import postgres from 'postgres';
import { createRepositories } from '../src/db/repositories';
import type { PracticeResourceStore } from '../src/db/resource-store/resource-store';
import { systemClock } from '../src/lib/clock';
import { openPostgres, redactUrl } from '../src/node/database';
import { createTestPractice } from '../test/support/practices';
import { BareResources } from './bare-resources';
import { benchLog as log, runOnBenchDatabase } from './bench-database';
import { readBenchOptions } from './bench-options';
import { compareCreates, compareReads, compareUpdates, type Comparison, type PhasePlans } from './comparisons';
import { benchObservation, benchPatient } from './observation-fixture';
import { machineFacts, printReport } from './report';

/** Observations refer to this many Patients, round robin. */
const PATIENT_COUNT = 20;

interface BenchOptions {
  /** postgres.js connections, on the store's pool and the baseline's alike. */
  poolSize: number;
  concurrency: number;
}

function readOptions(): BenchOptions {
  const option = readBenchOptions({ pool: '2', concurrency: '32' });
  return { poolSize: option.integer('pool'), concurrency: option.integer('concurrency') };
}

/** Phase bounds sized so that the whole run stays well under two minutes on a 2-core machine. */
function phasePlans(concurrency: number, stop: AbortSignal): PhasePlans {
  return {
    warmUp: { concurrency, stop, maxOperations: 500, maxMilliseconds: 1_500 },
    create: { concurrency, stop, maxOperations: 8_000, maxMilliseconds: 12_000 },
    read: { concurrency, stop, maxOperations: 100_000, maxMilliseconds: 2_500 },
    update: { concurrency, stop, maxOperations: 8_000, maxMilliseconds: 10_000 },
    bareWrite: { concurrency, stop, maxOperations: 60_000, maxMilliseconds: 4_000 },
    readRounds: 4,
  };
}

async function createPatients(store: PracticeResourceStore): Promise<string[]> {
  const ids: string[] = [];
  for (let sequence = 0; sequence < PATIENT_COUNT; sequence++) {
    const { resource } = await store.create(benchPatient(sequence));
    ids.push(resource.id);
  }
  return ids;
}

async function runBenchmark(url: string, options: BenchOptions, stop: AbortSignal): Promise<void> {
  const database = await openPostgres(url, { max: options.poolSize });
  const bareSql = postgres(url, { max: options.poolSize, onnotice: () => {}, connect_timeout: 10 });
  const plans = phasePlans(options.concurrency, stop);
  let bare: BareResources | undefined;
  try {
    const repositories = createRepositories(database.db, systemClock);
    const practiceId = await createTestPractice(repositories, 'Bench Practice');
    const store = repositories.resourcesOf(practiceId);
    bare = new BareResources(bareSql, practiceId);
    await bare.create();
    const facts = await machineFacts(bareSql);
    const patientIds = await createPatients(store);

    log('create…');
    const creates = await compareCreates(store, bare, patientIds, plans);
    const copied = await bare.copyStoreRows();
    log(`read by id over ${creates.created.length} Observations (${copied} rows copied to the bare table)…`);
    const reads = await compareReads(store, bare, creates.created.map((row) => row.id), plans);
    log('update…');
    const updates = await compareUpdates(store, bare, creates.created, plans);

    const comparisons: Comparison[] = [creates.comparison, reads, updates];
    if (stop.aborted) log('interrupted: the phases were cut short, so no figures are reported');
    else printReport(facts, settingsOf(url, options, plans, creates.created.length), comparisons);
  } finally {
    await bare?.drop();
    await bareSql.end({ timeout: 5 });
    await database.close();
  }
}

function settingsOf(url: string, options: BenchOptions, plans: PhasePlans, rows: number): Record<string, string> {
  const sampleSize = JSON.stringify(benchObservation(0, crypto.randomUUID())).length;
  return {
    database: redactUrl(url),
    pool: `${options.poolSize} postgres.js connections per side`,
    concurrency: `${options.concurrency} operations in flight`,
    rows: `${rows} Observations of ~${(sampleSize / 1024).toFixed(1)} KB (before id/meta), ${PATIENT_COUNT} Patients`,
    phases:
      `create ≤ ${plans.create.maxOperations} ops/${plans.create.maxMilliseconds / 1000} s, ` +
      `read ${plans.readRounds} rounds ≤ ${plans.read.maxMilliseconds / 1000} s each side, ` +
      `update ≤ ${plans.update.maxOperations} ops/${plans.update.maxMilliseconds / 1000} s, ` +
      `bare writes ≤ ${plans.bareWrite.maxMilliseconds / 1000} s`,
  };
}

const options = readOptions();
await runOnBenchDatabase(undefined, (database, stop) => runBenchmark(database.url, options, stop));
