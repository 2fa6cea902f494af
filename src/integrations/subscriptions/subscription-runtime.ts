import type { Config } from '../../config';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';

/** What the notification dispatcher needs from its runtime; tests freeze the clock and fetch. */
export interface SubscriptionRuntime {
  clock: Clock;
  fetch: typeof fetch;
  logger: Logger;
  /** `PUBLIC_URL + "/fhir"`: the base of the URLs notifications carry. */
  baseUrl: string;
  /** Failed attempts of one notification after which its subscription goes to `error`. */
  maxAttempts: number;
  /** How long after its first attempt a notification may still be retried. */
  retryHorizonMs: number;
  /** Per-attempt timeout when the subscription asks for none (backport-timeout). */
  defaultTimeoutMs: number;
  /** Delay before the second attempt; each later one doubles, up to an hour. */
  firstRetryMs: number;
  /**
   * Restricts runs to these practices' subscriptions (tests sharing one database, or an operator
   * draining one tenant); every practice when absent.
   */
  practiceIds?: readonly string[];
}

export function subscriptionRuntime(options: { config: Config; clock: Clock; logger: Logger; fetch?: typeof fetch }): SubscriptionRuntime {
  const { config } = options;
  return {
    clock: options.clock,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    logger: options.logger,
    baseUrl: `${config.publicUrl}/fhir`,
    maxAttempts: config.subscriptionMaxAttempts,
    retryHorizonMs: config.subscriptionRetryHorizonSeconds * 1000,
    defaultTimeoutMs: 10_000,
    firstRetryMs: 10_000,
  };
}
