/**
 * One seeding process of the FHIR benchmark: creates its share of the practice's Observations
 * through `PracticeResourceStore.create` (version row, search index and current row in one
 * transaction, as every write does) and reports its progress to the parent over IPC.
 */
import { createRepositories } from '../src/db/repositories';
import { systemClock } from '../src/lib/clock';
import { openPostgres } from '../src/node/database';
import { runLoad } from './load-runner';
import { benchObservation } from './observation-fixture';
import { observationOf, type HistoryShape } from './practice-history';

export interface SeedTask {
  databaseUrl: string;
  poolSize: number;
  concurrency: number;
  practiceId: string;
  /** `patientIds[n]` is the Patient of `client-n`. */
  patientIds: string[];
  shape: HistoryShape;
  /** This process creates the sequences `first + slice`, `first + slice + slices`, … below `end`. */
  first: number;
  end: number;
  slice: number;
  slices: number;
}

export type SeedWorkerMessage = { kind: 'progress'; created: number } | { kind: 'done' } | { kind: 'failed'; message: string };

/** Progress is reported after every this many creates. */
const REPORT_EVERY = 250;

async function seed(task: SeedTask, stop: AbortSignal): Promise<void> {
  const database = await openPostgres(task.databaseUrl, { max: task.poolSize });
  try {
    const store = createRepositories(database.db, systemClock).resourcesOf(task.practiceId);
    const count = Math.max(0, Math.ceil((task.end - task.first - task.slice) / task.slices));
    let unreported = 0;
    await runLoad({ concurrency: task.concurrency, maxOperations: count, maxMilliseconds: Infinity, stop }, async (index) => {
      const sequence = task.first + task.slice + index * task.slices;
      const { client, ...placement } = observationOf(task.shape, sequence);
      await store.create(benchObservation(sequence, task.patientIds[client]!, 0, placement));
      if (++unreported === REPORT_EVERY) {
        send({ kind: 'progress', created: unreported });
        unreported = 0;
      }
    });
    if (unreported) send({ kind: 'progress', created: unreported });
  } finally {
    await database.close();
  }
}

function send(message: SeedWorkerMessage): void {
  process.send?.(message);
}

const controller = new AbortController();
// Ctrl-C reaches the whole process group: stop creating, close the pool and report as usual.
process.on('SIGINT', () => controller.abort());
process.on('SIGTERM', () => controller.abort());
process.on('disconnect', () => controller.abort());
process.once('message', (task: SeedTask) => {
  seed(task, controller.signal).then(
    () => {
      send({ kind: 'done' });
      process.disconnect?.();
    },
    (error: unknown) => {
      send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
      process.exitCode = 1;
      process.disconnect?.();
    },
  );
});
