import { pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn } from './columns';

/**
 * CA certificates a Direct signer's chain must reach. Deployment-level, like the gateway's
 * signing keys: every practice trusts the same anchors (a HISP's trust bundle).
 * @see https://wiki.directproject.org/w/images/e/e6/Applicability_Statement_for_Secure_Health_Transport_v1.2.pdf (§4.2)
 */
export const directTrustAnchors = pgTable(
  'direct_trust_anchors',
  {
    id: uuid('id').primaryKey(),
    /** SHA-256 of the certificate's DER encoding, lowercase hex. */
    fingerprint: text('fingerprint').notNull(),
    subject: text('subject').notNull(),
    notAfter: timestamp('not_after', { withTimezone: true, mode: 'date' }).notNull(),
    pem: text('pem').notNull(),
    createdAt: createdAtColumn(),
  },
  (table) => [uniqueIndex('direct_trust_anchors_fingerprint').on(table.fingerprint)],
);
