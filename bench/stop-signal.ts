import { performance } from 'node:perf_hooks';

/**
 * A signal sent twice within this many milliseconds is one Ctrl-C: the terminal signals the whole
 * process group and the tsx wrapper relays the same signal to its child once more.
 */
const DUPLICATE_WINDOW_MS = 1_000;

/**
 * The first Ctrl-C (or SIGTERM) aborts the returned signal, so that the run ends its phases early
 * and still cleans up after itself (closes pools, ends child processes, drops its database); a
 * later one exits at once without cleaning up.
 */
export function stopOnSignal(log: (message: string) => void): AbortSignal {
  const controller = new AbortController();
  let firstAt = 0;
  const stop = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      if (performance.now() - firstAt < DUPLICATE_WINDOW_MS) return;
      process.exit(130);
    }
    firstAt = performance.now();
    log(`${signal}: ending early, then cleaning up (again to exit at once)`);
    process.exitCode = 130;
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return controller.signal;
}
