import type { Repositories } from '../../db/repositories';
import type { NotificationRow } from '../../db/subscriptions/notification-outbox';
import type { SubscriptionRow } from '../../db/subscriptions/subscription-log';
import { notificationBundle, type NotifiedFocus } from '../../fhir/subscriptions/notification-bundle';
import type { NotificationEvent } from '../../fhir/subscriptions/subscription-status';
import { backoffDelayMs } from '../../lib/backoff';
import { newId } from '../../lib/ids';
import { postNotification } from './rest-hook-client';
import { mirrorSubscriptionStatus } from './subscription-status-mirror';
import type { SubscriptionRuntime } from './subscription-runtime';

export interface NotificationSummary {
  sent: number;
  retrying: number;
  /** Subscriptions that went to `error` in this run. */
  errored: number;
}

/** Notifications leased at once (one per subscription), and rounds per run. */
const BATCH = 25;
const MAX_ROUNDS = 20;
const MAX_RETRY_MS = 60 * 60_000;

/**
 * One pass of the notification dispatcher. Each round leases the next due notification of up to
 * {@link BATCH} subscriptions and POSTs it; a sent one lets its subscription's next notification
 * go in the following round, so a run drains backlogs in order. A failure is retried after an
 * exponential, jittered delay and holds back the later notifications of its subscription (never
 * event 5 before 4). A delivered handshake makes the subscription `active`; a refused handshake,
 * or any notification still failing after `maxAttempts` or past the retry horizon, puts it in
 * `error` — visibly, on the Subscription resource — and its events wait for `$events`.
 * Delivery is at least once: a dispatcher that dies after the POST sends it again.
 * @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/notifications.html
 * @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/errors.html
 */
export async function dispatchNotifications(repositories: Repositories, runtime: SubscriptionRuntime): Promise<NotificationSummary> {
  const summary: NotificationSummary = { sent: 0, retrying: 0, errored: 0 };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const now = runtime.clock.now();
    const leaseUntil = new Date(now.getTime() + runtime.defaultTimeoutMs * 6 + 60_000);
    const heads = await repositories.notifications.leaseHeads(now, leaseUntil, BATCH, runtime.practiceIds);
    if (!heads.length) break;
    const outcomes = await Promise.all(heads.map((head) => deliver(repositories, runtime, head)));
    for (const outcome of outcomes) summary[outcome] += 1;
    if (!outcomes.includes('sent')) break;
  }
  return summary;
}

async function deliver(repositories: Repositories, runtime: SubscriptionRuntime, head: NotificationRow): Promise<keyof NotificationSummary> {
  const subscription = await repositories.notifications.subscription(head.subscriptionId);
  if (!subscription) throw new Error('a notification without its subscription');
  const body = JSON.stringify(await bundleFor(repositories, runtime, subscription, head));
  const timeoutMs = subscription.timeoutSeconds ? subscription.timeoutSeconds * 1000 : runtime.defaultTimeoutMs;
  const result = await postNotification(runtime.fetch, subscription.endpoint, JSON.parse(subscription.headers) as string[], body, timeoutMs);
  const now = runtime.clock.now();
  const log = (outcome: string) =>
    runtime.logger.info('subscription.notify', { subscriptionId: subscription.id, kind: head.kind, eventNumber: head.eventNumber ?? undefined, attempt: head.attempts, outcome });

  if (result.outcome === 'accepted') {
    await repositories.transaction(async (tx) => {
      await tx.notifications.markSent(head, now);
      if (head.kind === 'handshake' && (await tx.notifications.activate(subscription.id))) {
        await mirrorSubscriptionStatus(tx, subscription, 'active');
      }
    });
    log('sent');
    return 'sent';
  }

  const firstAttempt = head.firstAttemptAt ?? now;
  const next = new Date(now.getTime() + backoffDelayMs(head.attempts, runtime.firstRetryMs, MAX_RETRY_MS));
  const givingUp =
    (head.kind === 'handshake' && result.permanent) ||
    head.attempts >= runtime.maxAttempts ||
    next.getTime() > firstAttempt.getTime() + runtime.retryHorizonMs;
  if (!givingUp) {
    await repositories.notifications.reschedule(head.id, next, result.detail);
    log('retrying');
    return 'retrying';
  }
  const reason = `${head.kind} ${head.eventNumber ?? ''} failed ${head.attempts} time(s) since ${firstAttempt.toISOString()}: ${result.detail}`.replace('  ', ' ');
  await repositories.transaction(async (tx) => {
    if (await tx.notifications.enterError(subscription.id, reason)) await mirrorSubscriptionStatus(tx, subscription, 'error', reason);
  });
  runtime.logger.error('subscription.error', { subscriptionId: subscription.id, kind: head.kind, attempts: head.attempts });
  return 'errored';
}

/** The Bundle of one notification, built when it is sent (the same content on every attempt). */
async function bundleFor(repositories: Repositories, runtime: SubscriptionRuntime, subscription: SubscriptionRow, head: NotificationRow) {
  const idOnly = subscription.payload === 'id-only';
  const events: NotificationEvent[] = [];
  const foci: NotifiedFocus[] = [];
  if (head.kind === 'event-notification' && head.eventNumber !== null) {
    const event = await repositories.notifications.event(subscription.id, head.eventNumber);
    if (!event) throw new Error('an event notification without its event');
    const focusUrl = `${runtime.baseUrl}/${event.focusType}/${event.focusId}`;
    events.push({ eventNumber: event.eventNumber, timestamp: event.occurredAt, ...(idOnly ? { focus: focusUrl } : {}) });
    if (idOnly) foci.push({ resourceType: event.focusType, id: event.focusId, versionId: event.focusVersion });
  }
  return notificationBundle({
    bundleId: head.id,
    statusId: newId(),
    baseUrl: runtime.baseUrl,
    subscriptionId: subscription.id,
    timestamp: runtime.clock.now(),
    status: {
      ...(idOnly ? { topic: subscription.topic } : {}),
      status: head.kind === 'handshake' ? 'requested' : 'active',
      type: head.kind,
      eventsSinceSubscriptionStart: subscription.eventCount,
      events,
    },
    foci,
  });
}
