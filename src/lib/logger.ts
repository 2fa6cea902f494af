/**
 * Structured logs, one JSON object a line. Fields are ids, codes, counts and durations only:
 * never PHI, tokens, secrets or request bodies.
 */
export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

export const consoleLogger: Logger = {
  info: (event, fields) => console.log(JSON.stringify({ level: 'info', event, ...fields })),
  error: (event, fields) => console.error(JSON.stringify({ level: 'error', event, ...fields })),
};

/** Keeps what was logged, for tests that prove nothing sensitive is written. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (event, fields) => lines.push(JSON.stringify({ level: 'info', event, ...fields })),
    error: (event, fields) => lines.push(JSON.stringify({ level: 'error', event, ...fields })),
  };
}
