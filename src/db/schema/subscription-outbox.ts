import { sql } from 'drizzle-orm';
import { bigserial, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, practiceColumn } from './columns';
import { practices } from './practices';
import { subscriptions } from './subscriptions';

/** `queued` until the endpoint accepts it (`sent`); `abandoned` when its subscription went to `error`. */
export type NotificationState = 'queued' | 'sent' | 'abandoned';

/** @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/notifications.html */
export type NotificationKind = 'handshake' | 'heartbeat' | 'event-notification';

/**
 * Notifications waiting for their subscription's endpoint. Rows of one subscription are sent
 * strictly in `seq` order (an event row is queued under its subscription's row lock, so `seq`
 * follows the event number): a row is only due once every earlier row of its subscription is
 * sent, so event 5 never overtakes event 4.
 */
export const subscriptionOutbox = pgTable(
  'subscription_outbox',
  {
    id: uuid('id').primaryKey(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    practiceId: practiceColumn().references(() => practices.id),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => subscriptions.id),
    kind: text('kind').$type<NotificationKind>().notNull(),
    /** The event of an `event-notification`; null for handshakes and heartbeats. */
    eventNumber: integer('event_number'),
    state: text('state').$type<NotificationState>().notNull(),
    attempts: integer('attempts').notNull(),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** The first attempt: the retry horizon runs from here. */
    firstAttemptAt: timestamp('first_attempt_at', { withTimezone: true, mode: 'date' }),
    /** The endpoint's status or the network failure of the last attempt; never a body. */
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAtColumn(),
  },
  (table) => [
    index('subscription_outbox_queued').on(table.subscriptionId, table.seq).where(sql`${table.state} = 'queued'`),
    index('subscription_outbox_due').on(table.nextAttemptAt).where(sql`${table.state} = 'queued'`),
  ],
);
