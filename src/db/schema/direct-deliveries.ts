import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, practiceColumn } from './columns';
import { directMessages } from './direct-messages';
import { practices } from './practices';

/**
 * Per recipient: `queued → sent → processed → dispatched`, or `failed` / `timed-out`.
 * @see https://wiki.directproject.org/w/images/2/24/Implementation_Guide_for_Delivery_Notification_in_Direct_v1.0.pdf
 */
export type DeliveryState = 'queued' | 'sent' | 'processed' | 'dispatched' | 'failed' | 'timed-out';

/** Where each recipient of an outbound message stands, as its MDNs and DSNs report. */
export const directDeliveries = pgTable(
  'direct_deliveries',
  {
    id: uuid('id').primaryKey(),
    practiceId: practiceColumn().references(() => practices.id),
    messageRowId: uuid('message_row_id')
      .notNull()
      .references(() => directMessages.id),
    recipient: text('recipient').notNull(),
    state: text('state').$type<DeliveryState>().notNull(),
    /** The disposition or status that set the state (e.g. `automatic-action/MDN-sent-automatically;processed`). */
    detail: text('detail'),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: createdAtColumn(),
  },
  (table) => [
    uniqueIndex('direct_deliveries_recipient').on(table.messageRowId, sql`lower(${table.recipient})`),
    index('direct_deliveries_awaiting').on(table.sentAt).where(sql`${table.state} = 'sent'`),
  ],
);
