import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, practiceColumn } from './columns';
import { directMessages } from './direct-messages';
import { practices } from './practices';

/** The channels a document reaches the referring physician by (see src/domain/referrals/delivery-route.ts). */
export const DOCUMENT_CHANNELS = ['fhir', 'direct', 'download'] as const;
export type DocumentChannel = (typeof DOCUMENT_CHANNELS)[number];

/**
 * How a document the practice writes for the referring physician (a progress report's
 * DiagnosticReport, an acknowledgement letter's DocumentReference) goes to them: one row per
 * document, written in the document's own transaction. It holds only what cannot be read
 * elsewhere — the channel, the Direct message sent (whose per-recipient state lives in
 * `direct_deliveries` and is read at view time, never copied here), why nothing could be sent,
 * and when the PDF was first downloaded for the download/fax channel.
 */
export const documentDeliveries = pgTable(
  'document_deliveries',
  {
    id: uuid('id').primaryKey(),
    practiceId: practiceColumn().references(() => practices.id),
    /** `DiagnosticReport` or `DocumentReference`. */
    resourceType: text('resource_type').notNull(),
    resourceId: uuid('resource_id').notNull(),
    channel: text('channel').$type<DocumentChannel>().notNull(),
    /** Direct: the address the document goes to. */
    recipient: text('recipient'),
    /** Direct: the queued message; null when it could not be queued (see `failure`). */
    messageRowId: uuid('message_row_id').references(() => directMessages.id),
    /** Direct: why no message could be queued (no practice identity, no partner certificate), in words an operator can act on. */
    failure: text('failure'),
    /** Download: when the PDF was first downloaded. */
    downloadedAt: timestamp('downloaded_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAtColumn(),
  },
  (table) => [
    uniqueIndex('document_deliveries_document').on(table.practiceId, table.resourceType, table.resourceId),
    index('document_deliveries_message').on(table.messageRowId),
  ],
);
