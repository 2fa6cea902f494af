import { and, asc, eq, gte, inArray, lte, or, sql } from 'drizzle-orm';
import type { BackportSubscription } from '../../fhir/subscriptions/backport-subscription';
import { referenceKey } from '../../fhir/subscriptions/backport-subscription';
import { newId } from '../../lib/ids';
import type { Database } from '../database';
import { subscriptionEvents } from '../schema/subscription-events';
import { subscriptionOutbox } from '../schema/subscription-outbox';
import { subscriptions } from '../schema/subscriptions';

export type SubscriptionRow = typeof subscriptions.$inferSelect;
export type SubscriptionEventRow = typeof subscriptionEvents.$inferSelect;

/** A Task version as the write hook sees it. */
export interface TaskVersion {
  id: string;
  versionId: number;
  lastUpdated: Date;
  owner?: string;
  requester?: string;
}

/** States in which a subscription still records events (in `error` they wait for `$events`). */
const RECORDING = ['requested', 'active', 'error'] as const;
/** States in which its events are also queued for delivery. */
const DELIVERING = new Set(['requested', 'active']);

/**
 * The topic-based subscriptions of one practice: registering one (with its handshake queued), the
 * event log the Task write hook appends to, and what `$status` and `$events` read. Every statement
 * carries the practice, so another practice's subscriptions neither see nor are seen.
 * @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/notifications.html
 */
export class SubscriptionLog {
  constructor(
    private readonly db: Database,
    readonly practiceId: string,
  ) {}

  /** The subscription `id` was just created `requested`: keeps its channel and queues its handshake. */
  async register(id: string, subscription: BackportSubscription, now: Date): Promise<void> {
    await this.db.insert(subscriptions).values({
      id,
      practiceId: this.practiceId,
      status: 'requested',
      topic: subscription.topic,
      ...channelSettingsOf(subscription),
      eventCount: 0,
      createdAt: now,
    });
    await this.queue(id, 'handshake', null, now);
  }

  /**
   * The client asked again (after `error`, or to change the channel or filter): the subscription
   * takes the new settings, is `requested` with a new handshake queued, and what was still queued
   * is abandoned — the events stay recorded, for `$events`. Its event numbering continues.
   */
  async requestAgain(id: string, subscription: BackportSubscription, now: Date): Promise<void> {
    await this.db
      .update(subscriptions)
      .set({
        status: 'requested',
        error: null,
        ...channelSettingsOf(subscription),
      })
      .where(and(eq(subscriptions.practiceId, this.practiceId), eq(subscriptions.id, id)));
    await this.abandonQueued(id, 'superseded by a new request');
    await this.queue(id, 'handshake', null, now);
  }

  /** The client turned the subscription `off`: nothing more is recorded or sent. */
  async turnOff(id: string): Promise<void> {
    await this.db
      .update(subscriptions)
      .set({ status: 'off' })
      .where(and(eq(subscriptions.practiceId, this.practiceId), eq(subscriptions.id, id)));
    await this.abandonQueued(id, 'the subscription was turned off');
  }

  /**
   * Records one event on every subscription of the practice whose filter the Task version
   * matches, inside the write's transaction. The counter update takes the subscription's row lock
   * (subscriptions in id order, so two writes cannot deadlock): event numbers are gapless and
   * follow commit order, and the notification row queued under the lock follows them too.
   * @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/StructureDefinition-backport-subscription-status-r4.html (events-since-subscription-start)
   */
  async recordTaskVersion(task: TaskVersion): Promise<number> {
    const owner = referenceKey(task.owner);
    const requester = referenceKey(task.requester);
    const filters = [
      owner === undefined ? undefined : and(eq(subscriptions.filterParam, 'owner'), eq(subscriptions.filterReference, owner)),
      requester === undefined ? undefined : and(eq(subscriptions.filterParam, 'requester'), eq(subscriptions.filterReference, requester)),
    ].filter((filter) => filter !== undefined);
    if (!filters.length) return 0;
    const matching = await this.db
      .select({ id: subscriptions.id })
      .from(subscriptions)
      .where(and(eq(subscriptions.practiceId, this.practiceId), inArray(subscriptions.status, [...RECORDING]), or(...filters)))
      .orderBy(asc(subscriptions.id));
    for (const { id } of matching) {
      const [counted] = await this.db
        .update(subscriptions)
        .set({ eventCount: sql`${subscriptions.eventCount} + 1` })
        .where(and(eq(subscriptions.id, id), inArray(subscriptions.status, [...RECORDING])))
        .returning({ eventNumber: subscriptions.eventCount, status: subscriptions.status });
      if (!counted) continue;
      await this.db.insert(subscriptionEvents).values({
        practiceId: this.practiceId,
        subscriptionId: id,
        eventNumber: counted.eventNumber,
        focusType: 'Task',
        focusId: task.id,
        focusVersion: task.versionId,
        occurredAt: task.lastUpdated,
      });
      if (DELIVERING.has(counted.status)) await this.queue(id, 'event-notification', counted.eventNumber, task.lastUpdated);
    }
    return matching.length;
  }

  async find(id: string): Promise<SubscriptionRow | undefined> {
    const [row] = await this.db
      .select()
      .from(subscriptions)
      .where(and(eq(subscriptions.practiceId, this.practiceId), eq(subscriptions.id, id)));
    return row;
  }

  /** Events `from`..`to` (inclusive) of a subscription, in order, at most `limit`. */
  async events(id: string, from: number, to: number, limit: number): Promise<SubscriptionEventRow[]> {
    return this.db
      .select()
      .from(subscriptionEvents)
      .where(
        and(
          eq(subscriptionEvents.practiceId, this.practiceId),
          eq(subscriptionEvents.subscriptionId, id),
          gte(subscriptionEvents.eventNumber, from),
          lte(subscriptionEvents.eventNumber, to),
        ),
      )
      .orderBy(asc(subscriptionEvents.eventNumber))
      .limit(limit);
  }

  private async abandonQueued(subscriptionId: string, reason: string): Promise<void> {
    await this.db
      .update(subscriptionOutbox)
      .set({ state: 'abandoned', lastError: reason })
      .where(and(eq(subscriptionOutbox.subscriptionId, subscriptionId), eq(subscriptionOutbox.state, 'queued')));
  }

  private async queue(subscriptionId: string, kind: 'handshake' | 'event-notification', eventNumber: number | null, now: Date): Promise<void> {
    await this.db.insert(subscriptionOutbox).values({
      id: newId(),
      practiceId: this.practiceId,
      subscriptionId,
      kind,
      eventNumber,
      state: 'queued',
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
    });
  }
}

/** The columns a client's Subscription sets: its filter and its channel. */
function channelSettingsOf(subscription: BackportSubscription) {
  return {
    filterParam: subscription.filter.param,
    filterReference: subscription.filter.reference,
    endpoint: subscription.endpoint,
    headers: JSON.stringify(subscription.headers),
    payload: subscription.payload,
    heartbeatSeconds: subscription.heartbeatSeconds ?? null,
    timeoutSeconds: subscription.timeoutSeconds ?? null,
  };
}
