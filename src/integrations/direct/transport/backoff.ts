/**
 * Delay before the next attempt to hand a message to the relay: exponential (1 min, 2, 4, …,
 * capped at 1 h) with "equal jitter" — a random point in the upper half of the step — so
 * messages that failed together do not retry together.
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export const FIRST_RETRY_MS = 60_000;
export const MAX_RETRY_MS = 60 * 60_000;

/** `attempts` is how many attempts have failed so far (1 after the first). */
export function retryDelayMs(attempts: number, random: () => number = randomFraction): number {
  const step = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(step / 2 + (step / 2) * random());
}

/** A uniform fraction in [0, 1) from the platform's CSPRNG. */
function randomFraction(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32;
}
