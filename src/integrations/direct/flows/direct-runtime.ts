import type { Config } from '../../../config';
import type { Clock } from '../../../lib/clock';
import type { Logger } from '../../../lib/logger';
import { privateKeyVault, type PrivateKeyVault } from '../store/private-key-vault';

/**
 * What the Direct flows need from the deployment, built once per runtime from config: the
 * private-key vault, the relay, timing settings, the clock, outbound HTTP and the logger.
 */
export interface DirectRuntime {
  /** Absent when no secret is configured: then no identity can be stored or used. */
  vault?: PrivateKeyVault;
  relayUrl?: string;
  retryHorizonMs: number;
  /** How long one POST to the relay may take before it counts as a failed attempt. */
  relayTimeoutMs: number;
  processedTimeoutMs: number;
  clock: Clock;
  fetch: typeof fetch;
  logger: Logger;
}

const RELAY_TIMEOUT_MS = 30_000;

export function directRuntime(deps: { config: Config; clock: Clock; logger: Logger; fetch?: typeof fetch }): DirectRuntime {
  const { config } = deps;
  return {
    ...(config.directKeySecret ? { vault: privateKeyVault(config.directKeySecret) } : {}),
    ...(config.directRelayUrl ? { relayUrl: config.directRelayUrl } : {}),
    retryHorizonMs: config.directRetryHorizonSeconds * 1000,
    relayTimeoutMs: RELAY_TIMEOUT_MS,
    processedTimeoutMs: config.directProcessedTimeoutSeconds * 1000,
    clock: deps.clock,
    fetch: deps.fetch ?? ((input, init) => fetch(input, init)),
    logger: deps.logger,
  };
}
