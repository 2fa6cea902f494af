import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, practiceColumn } from './columns';
import { practices } from './practices';

/**
 * Where a topic-based subscription stands: `requested` until its handshake is delivered, then
 * `active`; `error` once its endpoint kept failing (events are still recorded, not sent).
 * @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/components.html#subscription-status
 */
export type SubscriptionState = 'requested' | 'active' | 'error' | 'off';

export type SubscriptionPayload = 'empty' | 'id-only';

/** The Task search parameter a subscription filters on (`Task?owner=…` or `Task?requester=…`). */
export type SubscriptionFilterParam = 'owner' | 'requester';

/**
 * The operational side of each `Subscription` resource (same id, same practice): what the Task
 * write hook matches, the per-subscription event counter and the delivery channel. The resource
 * in `resources` mirrors `status` and `error`, written in the same transaction as each change.
 */
export const subscriptions = pgTable(
  'subscriptions',
  {
    id: uuid('id').primaryKey(),
    practiceId: practiceColumn().references(() => practices.id),
    status: text('status').$type<SubscriptionState>().notNull(),
    topic: text('topic').notNull(),
    filterParam: text('filter_param').$type<SubscriptionFilterParam>().notNull(),
    /** `Type/id`, compared with the trailing `Type/id` of the Task's reference. */
    filterReference: text('filter_reference').notNull(),
    endpoint: text('endpoint').notNull(),
    /** JSON array of `Name: value` header lines sent with each notification. */
    headers: text('headers').notNull(),
    payload: text('payload').$type<SubscriptionPayload>().notNull(),
    heartbeatSeconds: integer('heartbeat_seconds'),
    timeoutSeconds: integer('timeout_seconds'),
    /** Events recorded since the subscription was created; the last event's number. */
    eventCount: integer('event_count').notNull(),
    /** Why the subscription is in `error`; never a response body. */
    error: text('error'),
    /** The last notification (of any type) the endpoint accepted: heartbeats count from here. */
    lastDeliveredAt: timestamp('last_delivered_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAtColumn(),
  },
  (table) => [
    index('subscriptions_practice_live')
      .on(table.practiceId)
      .where(sql`${table.status} in ('requested', 'active', 'error')`),
  ],
);
