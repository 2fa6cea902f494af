import type { Repositories } from '../../../db/repositories';
import type { DeliveryState } from '../../../db/schema/direct-deliveries';
import type { DeliveryNotification } from '../security-agent';
import type { DirectRuntime } from './direct-runtime';

/**
 * Delivery tracking of outbound messages, per recipient: `sent` when the relay took the message,
 * `processed` and `dispatched` as the recipient's MDNs say, `failed` on a failed MDN or DSN, and
 * `timed-out` when no `processed` MDN came within the configured time (1 hour by default).
 * @see https://wiki.directproject.org/w/images/2/24/Implementation_Guide_for_Delivery_Notification_in_Direct_v1.0.pdf (§3, §4)
 * @see https://www.rfc-editor.org/rfc/rfc8098#section-3.2.6 (disposition types)
 * @see https://www.rfc-editor.org/rfc/rfc3464#section-2.3.3 (DSN Action)
 */

interface Transition {
  to: DeliveryState;
  from: readonly DeliveryState[];
}

/** A late notification still tells what happened, so `timed-out` recipients move on too. */
const TRANSITIONS: Record<string, Transition | undefined> = {
  'mdn:processed': { to: 'processed', from: ['queued', 'sent', 'timed-out'] },
  'mdn:dispatched': { to: 'dispatched', from: ['queued', 'sent', 'processed', 'timed-out'] },
  'mdn:displayed': { to: 'dispatched', from: ['queued', 'sent', 'processed', 'timed-out'] },
  'mdn:failed': { to: 'failed', from: ['queued', 'sent', 'processed', 'timed-out'] },
  'dsn:failed': { to: 'failed', from: ['queued', 'sent', 'processed', 'timed-out'] },
  'dsn:delivered': { to: 'processed', from: ['queued', 'sent', 'timed-out'] },
};

export interface TrackedNotification {
  /** The outbound message it reports on, when it is one of the practice's. */
  messageRowId?: string;
  /** Recipients whose state changed. */
  updated: number;
}

/**
 * Applies an inbound MDN or DSN to the original message, found by its Original-Message-ID among
 * the practice's outbound messages. The recipient is the notification's Final-Recipient, else
 * its sender (who, in Direct, is the recipient reporting on its own copy).
 */
export async function trackDeliveryNotification(
  tx: Repositories,
  practiceId: string,
  notification: DeliveryNotification,
  reporter: string,
  now: Date,
): Promise<TrackedNotification> {
  const original = await tx.direct.messages.findOutboundByMessageId(practiceId, notification.originalMessageId);
  if (!original) return { updated: 0 };
  const transition = TRANSITIONS[`${notification.kind}:${notification.disposition}`];
  if (!transition) return { messageRowId: original.id, updated: 0 };
  const detail = `${notification.kind}: ${notification.disposition}`;
  const candidates = [...new Set([notification.recipient, reporter].filter((value): value is string => Boolean(value)))];
  for (const recipient of candidates) {
    const updated = await tx.direct.deliveries.transition(original.id, { ...transition, detail, at: now, recipient });
    if (updated) return { messageRowId: original.id, updated };
  }
  return { messageRowId: original.id, updated: 0 };
}

/** Marks `timed-out` every recipient still `sent` longer ago than the processed-MDN timeout. */
export async function sweepTimedOutDeliveries(repositories: Repositories, runtime: DirectRuntime): Promise<number> {
  const now = runtime.clock.now();
  const cutoff = new Date(now.getTime() - runtime.processedTimeoutMs);
  return repositories.direct.deliveries.timeOut(cutoff, now, `no processed MDN within ${Math.round(runtime.processedTimeoutMs / 1000)} s`);
}
