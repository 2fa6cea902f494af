import { integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { practiceColumn } from './columns';
import { practices } from './practices';
import { subscriptions } from './subscriptions';

/**
 * Every event a subscription's topic produced, numbered from 1 per subscription in commit order,
 * written in the transaction of the Task version that triggered it and never deleted: the source
 * of notifications and of `$events`, whether or not the notification was delivered.
 * @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/OperationDefinition-backport-subscription-events.html
 */
export const subscriptionEvents = pgTable(
  'subscription_events',
  {
    practiceId: practiceColumn().references(() => practices.id),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => subscriptions.id),
    eventNumber: integer('event_number').notNull(),
    focusType: text('focus_type').notNull(),
    focusId: uuid('focus_id').notNull(),
    /** The version of the focus the event is about (1: it was created). */
    focusVersion: integer('focus_version').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [primaryKey({ name: 'subscription_events_pk', columns: [table.subscriptionId, table.eventNumber] })],
);
