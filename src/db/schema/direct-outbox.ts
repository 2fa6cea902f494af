import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, practiceColumn } from './columns';
import { directMessages } from './direct-messages';
import { practices } from './practices';

export type OutboxState = 'queued' | 'sent' | 'failed';

/**
 * Outbound Direct messages waiting for the relay. A row is written in the same transaction as the
 * business change that sends the message; the dispatcher POSTs it, retries with backoff, and
 * moves it to `sent` or, past the retry horizon, `failed`. Operators can replay a row.
 */
export const directOutbox = pgTable(
  'direct_outbox',
  {
    id: uuid('id').primaryKey(),
    practiceId: practiceColumn().references(() => practices.id),
    /** The direct_messages row to send. */
    messageRowId: uuid('message_row_id')
      .notNull()
      .references(() => directMessages.id),
    state: text('state').$type<OutboxState>().notNull(),
    attempts: integer('attempts').notNull(),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** Start of the retry horizon: when the message was queued, or last replayed. */
    windowStartedAt: timestamp('window_started_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** The relay's status or the network failure of the last attempt; never a body. */
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAtColumn(),
  },
  (table) => [
    uniqueIndex('direct_outbox_message').on(table.messageRowId),
    index('direct_outbox_due').on(table.nextAttemptAt).where(sql`${table.state} = 'queued'`),
  ],
);
