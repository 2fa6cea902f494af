import { backoffDelayMs, randomFraction } from '../../../lib/backoff';

/**
 * Delay before the next attempt to hand a message to the relay: exponential (1 min, 2, 4, …,
 * capped at 1 h) with equal jitter, as {@link backoffDelayMs} computes it.
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export const FIRST_RETRY_MS = 60_000;
export const MAX_RETRY_MS = 60 * 60_000;

/** `attempts` is how many attempts have failed so far (1 after the first). */
export function retryDelayMs(attempts: number, random: () => number = randomFraction): number {
  return backoffDelayMs(attempts, FIRST_RETRY_MS, MAX_RETRY_MS, random);
}
