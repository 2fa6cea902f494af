import type { Logger } from '../lib/logger';

/**
 * Runs `job` every `everyMs`, never two runs at once (a slow run delays the next); a failed run
 * is logged by name only and the schedule continues. Returns a function that stops it and
 * resolves once the current run, if any, has finished.
 */
export function startInterval(name: string, everyMs: number, job: () => Promise<unknown>, logger: Logger): () => Promise<void> {
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = job()
      .then(
        () => undefined,
        (error: unknown) => logger.error('job.failed', { job: name, error: error instanceof Error ? error.name : typeof error }),
      )
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, everyMs);
  return async () => {
    clearInterval(timer);
    await running;
  };
}
