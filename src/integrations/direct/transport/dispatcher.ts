import type { OutboxEntry } from '../../../db/direct/outbox-repository';
import type { Repositories } from '../../../db/repositories';
import type { DirectRuntime } from '../flows/direct-runtime';
import { decodeRaw, encodeRaw, sha256Hex } from '../store/raw-message';
import { retryDelayMs } from './backoff';
import { postToRelay } from './relay-client';
import { SealFailure, sealQueuedMessage } from './seal-outbound';

export interface DispatchSummary {
  sent: number;
  retrying: number;
  failed: number;
  /** Set when no relay is configured: messages stay visibly `queued`. */
  waiting?: 'no-relay';
}

/** Entries one run handles at most; the next run takes the rest. */
const BATCH = 25;

/**
 * One pass of the outbox dispatcher: leases the due entries, seals each once, POSTs it to the
 * relay, and records the outcome — `sent`; another attempt after an exponential, jittered delay
 * (5xx, timeouts, network errors); or `failed` when the relay refused it, it cannot be sealed, or
 * the retry horizon is over. The Message-ID and bytes are the same on every attempt.
 * @see https://wiki.directproject.org/w/images/e/e6/Applicability_Statement_for_Secure_Health_Transport_v1.2.pdf (§2.4: reliable delivery)
 */
export async function dispatchDueMessages(repositories: Repositories, runtime: DirectRuntime): Promise<DispatchSummary> {
  const summary: DispatchSummary = { sent: 0, retrying: 0, failed: 0 };
  if (!runtime.relayUrl) return { ...summary, waiting: 'no-relay' };
  const now = runtime.clock.now();
  const leaseUntil = new Date(now.getTime() + runtime.relayTimeoutMs + 60_000);
  const entries = await repositories.direct.outbox.leaseDue(now, leaseUntil, BATCH);
  for (const entry of entries) {
    const outcome = await dispatchOne(repositories, runtime, runtime.relayUrl, entry);
    summary[outcome] += 1;
    runtime.logger.info('direct.dispatch', { messageRowId: entry.messageRowId, attempt: entry.attempts, outcome });
  }
  return summary;
}

async function dispatchOne(
  repositories: Repositories,
  runtime: DirectRuntime,
  relayUrl: string,
  entry: OutboxEntry,
): Promise<'sent' | 'retrying' | 'failed'> {
  const row = await repositories.direct.messages.findById(entry.messageRowId);
  if (!row) return fail(repositories, runtime, entry, 'the message row is missing');
  let raw: Uint8Array;
  try {
    if (row.raw) {
      raw = decodeRaw(row.raw);
    } else {
      const sealed = await sealQueuedMessage(repositories, runtime.vault, row);
      raw = decodeRaw((await repositories.direct.messages.setSealed(row.id, encodeRaw(sealed), await sha256Hex(sealed))).raw!);
    }
  } catch (error) {
    if (error instanceof SealFailure) return fail(repositories, runtime, entry, `cannot seal: ${error.message}`);
    throw error;
  }

  const result = await postToRelay(runtime.fetch, relayUrl, raw, runtime.relayTimeoutMs);
  const now = runtime.clock.now();
  switch (result.outcome) {
    case 'accepted':
      await repositories.transaction(async (tx) => {
        await tx.direct.outbox.markSent(entry.id, now);
        await tx.direct.messages.setState(entry.messageRowId, 'sent', null);
        await tx.direct.deliveries.markSent(entry.messageRowId, now);
      });
      return 'sent';
    case 'refused':
      return fail(repositories, runtime, entry, `refused: ${result.detail}`);
    case 'retry': {
      const next = new Date(now.getTime() + retryDelayMs(entry.attempts));
      if (next.getTime() > entry.windowStartedAt.getTime() + runtime.retryHorizonMs) {
        return fail(repositories, runtime, entry, `gave up after ${entry.attempts} attempts: ${result.detail}`);
      }
      await repositories.direct.outbox.reschedule(entry.id, next, result.detail);
      return 'retrying';
    }
  }
}

async function fail(repositories: Repositories, runtime: DirectRuntime, entry: OutboxEntry, reason: string): Promise<'failed'> {
  const at = runtime.clock.now();
  await repositories.transaction(async (tx) => {
    await tx.direct.outbox.markFailed(entry.id, reason);
    await tx.direct.messages.setState(entry.messageRowId, 'failed', reason);
    await tx.direct.deliveries.transition(entry.messageRowId, { to: 'failed', from: ['queued'], detail: reason, at });
  });
  return 'failed';
}
