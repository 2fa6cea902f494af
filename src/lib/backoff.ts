/**
 * Delay before the next attempt after `attempts` failed ones: exponential from `firstMs`
 * (first, 2×, 4×, …, capped at `maxMs`) with "equal jitter" — a random point in the upper half
 * of the step — so deliveries that failed together do not retry together.
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export function backoffDelayMs(attempts: number, firstMs: number, maxMs: number, random: () => number = randomFraction): number {
  const step = Math.min(maxMs, firstMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(step / 2 + (step / 2) * random());
}

/** A uniform fraction in [0, 1) from the platform's CSPRNG. */
export function randomFraction(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32;
}
