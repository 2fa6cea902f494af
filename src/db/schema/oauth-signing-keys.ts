import { sql } from 'drizzle-orm';
import { jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAtColumn } from './columns';

/**
 * The gateway's own signing keys (ES256 for access tokens, RS256 for id_tokens), kept in
 * PostgreSQL so every Node process and Worker isolate signs and verifies with the same keys.
 * At most one current (unretired) key per algorithm; a retired key stays published and trusted
 * for an overlap period so tokens it signed keep verifying.
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-4
 */
export const oauthSigningKeys = pgTable(
  'oauth_signing_keys',
  {
    /** RFC 7638 thumbprint of the public key. */
    kid: text('kid').primaryKey(),
    alg: text('alg').notNull(),
    publicJwk: jsonb('public_jwk').$type<Record<string, unknown>>().notNull(),
    /** Private key material: read only to sign, never logged, never returned by any endpoint. */
    privateJwk: jsonb('private_jwk').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAtColumn(),
    retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [uniqueIndex('oauth_signing_keys_current_alg').on(table.alg).where(sql`${table.retiredAt} is null`)],
);
