import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Database } from '../database';
import { subscriptionEvents } from '../schema/subscription-events';
import { subscriptionOutbox } from '../schema/subscription-outbox';
import { subscriptions } from '../schema/subscriptions';
import type { SubscriptionEventRow, SubscriptionRow } from './subscription-log';

export type NotificationRow = typeof subscriptionOutbox.$inferSelect;

/**
 * The notification outbox of every practice, for the dispatcher (src/jobs/subscription-jobs.ts):
 * leasing the next notification of each subscription, recording outcomes, queueing heartbeats,
 * and the subscription state changes delivery causes.
 */
export class NotificationOutbox {
  constructor(private readonly db: Database) {}

  /**
   * Leases up to `limit` due notifications, at most one per subscription and only the oldest
   * queued one of it (by `seq`): a notification waits until every earlier one of its subscription
   * is sent, so delivery follows event numbers even across retries. Each leased row gets one more
   * attempt and is hidden from other dispatchers until `leaseUntil`; the POST runs outside any
   * transaction.
   */
  async leaseHeads(now: Date, leaseUntil: Date, limit: number, practiceIds?: readonly string[]): Promise<NotificationRow[]> {
    return this.db.transaction(async (tx) => {
      const due = await tx
        .select({ id: subscriptionOutbox.id })
        .from(subscriptionOutbox)
        .where(
          and(
            eq(subscriptionOutbox.state, 'queued'),
            lte(subscriptionOutbox.nextAttemptAt, now),
            practiceIds ? inArray(subscriptionOutbox.practiceId, [...practiceIds]) : undefined,
            sql`not exists (select 1 from subscription_outbox earlier where earlier.subscription_id = ${subscriptionOutbox.subscriptionId} and earlier.state = 'queued' and earlier.seq < ${subscriptionOutbox.seq})`,
          ),
        )
        .orderBy(asc(subscriptionOutbox.nextAttemptAt))
        .limit(limit)
        .for('update', { skipLocked: true });
      if (!due.length) return [];
      return tx
        .update(subscriptionOutbox)
        .set({
          attempts: sql`${subscriptionOutbox.attempts} + 1`,
          nextAttemptAt: leaseUntil,
          firstAttemptAt: sql`coalesce(${subscriptionOutbox.firstAttemptAt}, ${now.toISOString()}::timestamptz)`,
        })
        .where(inArray(subscriptionOutbox.id, due.map((row) => row.id)))
        .returning();
    });
  }

  async subscription(id: string): Promise<SubscriptionRow | undefined> {
    const [row] = await this.db.select().from(subscriptions).where(eq(subscriptions.id, id));
    return row;
  }

  async event(subscriptionId: string, eventNumber: number): Promise<SubscriptionEventRow | undefined> {
    const [row] = await this.db
      .select()
      .from(subscriptionEvents)
      .where(and(eq(subscriptionEvents.subscriptionId, subscriptionId), eq(subscriptionEvents.eventNumber, eventNumber)));
    return row;
  }

  /** The endpoint accepted the notification: it is sent, and heartbeats count from now. */
  async markSent(row: NotificationRow, at: Date): Promise<void> {
    await this.db.update(subscriptionOutbox).set({ state: 'sent', sentAt: at, lastError: null }).where(eq(subscriptionOutbox.id, row.id));
    await this.db.update(subscriptions).set({ lastDeliveredAt: at }).where(eq(subscriptions.id, row.subscriptionId));
  }

  async reschedule(id: string, nextAttemptAt: Date, lastError: string): Promise<void> {
    await this.db.update(subscriptionOutbox).set({ nextAttemptAt, lastError }).where(eq(subscriptionOutbox.id, id));
  }

  /** `requested` → `active` after a delivered handshake; false when it was no longer requested. */
  async activate(subscriptionId: string): Promise<boolean> {
    const changed = await this.db
      .update(subscriptions)
      .set({ status: 'active', error: null })
      .where(and(eq(subscriptions.id, subscriptionId), eq(subscriptions.status, 'requested')))
      .returning({ id: subscriptions.id });
    return changed.length > 0;
  }

  /**
   * The subscription gives up on its endpoint: `error` with the reason, and its queued
   * notifications are abandoned. Its events stay recorded (and keep being recorded), for `$events`.
   */
  async enterError(subscriptionId: string, reason: string): Promise<boolean> {
    const changed = await this.db
      .update(subscriptions)
      .set({ status: 'error', error: reason })
      .where(and(eq(subscriptions.id, subscriptionId), inArray(subscriptions.status, ['requested', 'active'])))
      .returning({ id: subscriptions.id });
    await this.db
      .update(subscriptionOutbox)
      .set({ state: 'abandoned', lastError: reason })
      .where(and(eq(subscriptionOutbox.subscriptionId, subscriptionId), eq(subscriptionOutbox.state, 'queued')));
    return changed.length > 0;
  }

  /**
   * Queues a heartbeat for every active subscription with a heartbeat period that has had
   * nothing delivered for that long and has nothing queued; returns how many. Serialised across
   * dispatchers by a transaction-scoped advisory lock.
   * @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/StructureDefinition-backport-heartbeat-period.html
   */
  async queueHeartbeats(now: Date, practiceIds?: readonly string[]): Promise<number> {
    const at = now.toISOString();
    const scope = practiceIds ? sql`and s.practice_id in (${sql.join(practiceIds.map((id) => sql`${id}::uuid`), sql`, `)})` : sql``;
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('metbridge.subscription-heartbeats'))`);
      const queued = await tx.execute(sql`
        insert into subscription_outbox (id, practice_id, subscription_id, kind, state, attempts, next_attempt_at, created_at)
        select gen_random_uuid(), s.practice_id, s.id, 'heartbeat', 'queued', 0, ${at}::timestamptz, ${at}::timestamptz
        from subscriptions s
        where s.status = 'active' and s.heartbeat_seconds is not null
          and coalesce(s.last_delivered_at, s.created_at) + s.heartbeat_seconds * interval '1 second' <= ${at}::timestamptz
          and not exists (select 1 from subscription_outbox o where o.subscription_id = s.id and o.state = 'queued')
          ${scope}
        returning id`);
      return rowCount(queued);
    });
  }

  /** Notifications of one subscription, oldest first (for operators and tests). */
  async ofSubscription(subscriptionId: string): Promise<NotificationRow[]> {
    return this.db.select().from(subscriptionOutbox).where(eq(subscriptionOutbox.subscriptionId, subscriptionId)).orderBy(asc(subscriptionOutbox.seq));
  }
}

/** Rows returned by `execute`, whichever driver: postgres.js returns an array, PGlite `{ rows }`. */
function rowCount(result: unknown): number {
  if (Array.isArray(result)) return result.length;
  const rows = (result as { rows?: unknown[] }).rows;
  return rows?.length ?? 0;
}
