import { performance } from 'node:perf_hooks';

export interface LoadPlan {
  /** Operations kept in flight at once. */
  concurrency: number;
  /** The phase stops after this many operations (Infinity: time alone bounds it)… */
  maxOperations: number;
  /** …or once this much time has passed, whichever comes first. */
  maxMilliseconds: number;
  /** Ends the phase early (Ctrl-C), so that the run still cleans up after itself. */
  stop?: AbortSignal;
}

export interface LoadResult {
  operations: number;
  elapsedMilliseconds: number;
  /** Latency of every operation, in milliseconds, sorted ascending. */
  latencies: Float64Array;
}

/** Latencies are recorded in a buffer of this many entries at first, doubled whenever it fills. */
const INITIAL_LATENCY_SLOTS = 65_536;

/**
 * Calls `operation(0)`, `operation(1)`, … with `concurrency` calls in flight until the plan's
 * bound. Each call also learns which of the `concurrency` workers makes it (0 … concurrency − 1),
 * so that a worker can own a resource such as a connection.
 */
export async function runLoad(
  plan: LoadPlan,
  operation: (index: number, worker: number) => Promise<unknown>,
): Promise<LoadResult> {
  let latencies: Float64Array = new Float64Array(Math.min(plan.maxOperations, INITIAL_LATENCY_SLOTS));
  const started = performance.now();
  const deadline = started + plan.maxMilliseconds;
  let next = 0;
  async function work(worker: number): Promise<void> {
    while (next < plan.maxOperations && performance.now() < deadline && !plan.stop?.aborted) {
      const index = next++;
      if (index >= latencies.length) latencies = grown(latencies);
      const begin = performance.now();
      await operation(index, worker);
      latencies[index] = performance.now() - begin;
    }
  }
  await Promise.all(Array.from({ length: plan.concurrency }, (_, worker) => work(worker)));
  const elapsedMilliseconds = performance.now() - started;
  return { operations: next, elapsedMilliseconds, latencies: latencies.slice(0, next).sort() };
}

function grown(latencies: Float64Array): Float64Array {
  const larger = new Float64Array(Math.max(latencies.length * 2, 1024));
  larger.set(latencies);
  return larger;
}

/** Several rounds of the same operation as one result (their latencies pooled, their times summed). */
export function combineResults(results: LoadResult[]): LoadResult {
  const latencies = new Float64Array(results.reduce((sum, result) => sum + result.operations, 0));
  let offset = 0;
  for (const result of results) {
    latencies.set(result.latencies, offset);
    offset += result.operations;
  }
  return {
    operations: latencies.length,
    elapsedMilliseconds: results.reduce((sum, result) => sum + result.elapsedMilliseconds, 0),
    latencies: latencies.sort(),
  };
}

export function operationsPerSecond(result: LoadResult): number {
  return result.operations / (result.elapsedMilliseconds / 1000);
}

/** The latency below which `fraction` of the operations completed (nearest rank). */
export function percentile(result: LoadResult, fraction: number): number {
  if (result.operations === 0) return Number.NaN;
  const rank = Math.min(result.operations - 1, Math.ceil(fraction * result.operations) - 1);
  return result.latencies[Math.max(0, rank)]!;
}
