import { databaseErrorCode } from '../db/errors';

/** One line about why start-up failed: an error code and a short reason, never a stack. */
export function describeStartupError(error: unknown): string {
  const code = databaseErrorCode(error);
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return code && !message?.includes(code) ? `${message} (${code})` : (message ?? 'unknown error');
}
