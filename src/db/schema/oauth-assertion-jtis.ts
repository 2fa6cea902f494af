import { index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { oauthClients } from './oauth-clients';

/**
 * The replay store of client assertions: one row per (client, `jti`) until the assertion could
 * no longer be accepted. The primary key makes a second use fail in the database itself, so the
 * check holds across Node processes and Worker isolates. Only a SHA-256 of the `jti` is kept.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/client-confidential-asymmetric.html#signature-verification
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3
 */
export const oauthAssertionJtis = pgTable(
  'oauth_assertion_jtis',
  {
    clientId: text('client_id')
      .notNull()
      .references(() => oauthClients.id, { onDelete: 'cascade' }),
    jtiHash: text('jti_hash').notNull(),
    /** After this instant the assertion is refused as expired anyway; the row may be pruned. */
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [
    primaryKey({ name: 'oauth_assertion_jtis_pk', columns: [table.clientId, table.jtiHash] }),
    index('oauth_assertion_jtis_expires_idx').on(table.expiresAt),
  ],
);
