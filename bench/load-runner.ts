import { performance } from 'node:perf_hooks';

export interface LoadPlan {
  /** Operations kept in flight at once. */
  concurrency: number;
  /** The phase stops after this many operations… */
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

/** Calls `operation(0)`, `operation(1)`, … with `concurrency` calls in flight until the plan's bound. */
export async function runLoad(plan: LoadPlan, operation: (index: number) => Promise<unknown>): Promise<LoadResult> {
  const latencies = new Float64Array(plan.maxOperations);
  const started = performance.now();
  const deadline = started + plan.maxMilliseconds;
  let next = 0;
  async function worker(): Promise<void> {
    while (next < plan.maxOperations && performance.now() < deadline && !plan.stop?.aborted) {
      const index = next++;
      const begin = performance.now();
      await operation(index);
      latencies[index] = performance.now() - begin;
    }
  }
  await Promise.all(Array.from({ length: plan.concurrency }, worker));
  const elapsedMilliseconds = performance.now() - started;
  return { operations: next, elapsedMilliseconds, latencies: latencies.slice(0, next).sort() };
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
