import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn } from './columns';

export type MessageDirection = 'inbound' | 'outbound';
/** Inbound: `received → processed | rejected`. Outbound: the outbox's `queued → sent | failed`. */
export type MessageState = 'received' | 'processed' | 'rejected' | 'queued' | 'sent' | 'failed';
/** What the message is, once known: a business message, a delivery notification, or a failure notice. */
export type MessageKind = 'message' | 'mdn' | 'dsn' | 'failure-notice';

/** An outbound message before it is sealed: what {@link directMessages.content} holds. */
export interface UnsealedContent {
  subject: string;
  headers?: Record<string, string>;
  /** `multipart/report` type for delivery notifications (RFC 6522), else `multipart/mixed`. */
  report?: 'disposition-notification' | 'delivery-status';
  /** Text bodies as given (sent as text), byte bodies in base64 (sent as base64). */
  parts: { contentType: string; bodyText?: string; bodyBase64?: string; filename?: string; disposition?: 'attachment' | 'inline' }[];
}

/**
 * Every Direct message in or out, kept for good: the raw bytes (base64) exactly as received or
 * as POSTed to the relay, their SHA-256, and where the message stands. Rows are never deleted
 * and the raw bytes never change once written.
 */
export const directMessages = pgTable(
  'direct_messages',
  {
    id: uuid('id').primaryKey(),
    /** Null only for an inbound message addressed to no practice of this deployment. */
    practiceId: uuid('practice_id'),
    direction: text('direction').$type<MessageDirection>().notNull(),
    kind: text('kind').$type<MessageKind>(),
    /** The RFC 5322 Message-ID, angle brackets included; kept across retries of an outbound message. */
    messageId: text('message_id'),
    fromAddress: text('from_address'),
    toAddresses: jsonb('to_addresses').$type<string[]>().notNull(),
    /** The message as received or sent, base64; null for an outbound message not sealed yet. */
    raw: text('raw'),
    /** SHA-256 of the raw bytes, lowercase hex. */
    contentHash: text('content_hash'),
    state: text('state').$type<MessageState>().notNull(),
    /** Why it was rejected or failed, in words an operator can act on; never PHI. */
    reason: text('reason'),
    /** For an MDN or failure notice: the Message-ID of the message it reports on. */
    originalMessageId: text('original_message_id'),
    /** For an outbound answer (MDN, failure notice): the inbound message it answers. */
    inReplyTo: uuid('in_reply_to'),
    /** Outbound, until sealed: the parts to seal. */
    content: jsonb('content').$type<UnsealedContent>(),
    /** Outbound: the certificates the message is encrypted to, and the RSA key transport. */
    recipientCertificates: jsonb('recipient_certificates').$type<string[]>(),
    keyTransport: text('key_transport'),
    /**
     * Inbound, once verified: the certificate that signed it — what an answer to its sender is
     * encrypted to when the sender is not a partner with a certificate on file.
     */
    signerCertificatePem: text('signer_certificate_pem'),
    /** What processing an inbound message made (`Task/…`, `DocumentReference/…`). */
    resources: jsonb('resources').$type<string[]>(),
    createdAt: createdAtColumn(),
    processedAt: timestamp('processed_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [
    uniqueIndex('direct_messages_inbound_once')
      .on(table.contentHash, sql`coalesce(${table.messageId}, '')`)
      .where(sql`${table.direction} = 'inbound'`),
    index('direct_messages_practice_message_id').on(table.practiceId, table.messageId),
    index('direct_messages_received').on(table.createdAt).where(sql`${table.state} = 'received'`),
  ],
);
