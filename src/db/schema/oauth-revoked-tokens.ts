import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Access tokens revoked before their expiry, by `jti` (RFC 7009 revocation, authorization code
 * reuse, refresh-token family revocation). Bearer verification consults it; a row can be pruned
 * once the token would have expired anyway.
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.2
 */
export const oauthRevokedTokens = pgTable(
  'oauth_revoked_tokens',
  {
    jti: text('jti').primaryKey(),
    practiceId: uuid('practice_id'),
    clientId: text('client_id').notNull(),
    /** The token's own `exp`. */
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [index('oauth_revoked_tokens_expires_idx').on(table.expiresAt)],
);
