/** How many times a timed operation runs, after how many unmeasured warm-up calls. */
export interface RunPlan {
  runs: number;
  warmUp: number;
}

/** Wall-clock milliseconds of each of `plan.runs` sequential calls, sorted ascending. */
export async function timedRuns(plan: RunPlan, operation: () => unknown): Promise<number[]> {
  for (let i = 0; i < plan.warmUp; i++) await operation();
  const times: number[] = [];
  for (let i = 0; i < plan.runs; i++) {
    const started = performance.now();
    await operation();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

/** The median of ascending `times`. */
export function medianOf(times: readonly number[]): number {
  const middle = Math.floor(times.length / 2);
  return times.length % 2 ? times[middle]! : (times[middle - 1]! + times[middle]!) / 2;
}

/** The nearest-rank `fraction` percentile of ascending `times` (0.9 → p90). */
export function percentileOf(times: readonly number[], fraction: number): number {
  return times[Math.min(times.length - 1, Math.max(0, Math.ceil(times.length * fraction) - 1))]!;
}
