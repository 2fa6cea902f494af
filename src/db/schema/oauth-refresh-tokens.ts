import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, practiceColumn } from './columns';
import { oauthClients } from './oauth-clients';
import { practices } from './practices';

/**
 * Refresh tokens, by the SHA-256 of the token. Each use rotates it: the row is marked rotated
 * and a successor in the same family is issued. Presenting a rotated token again means it leaked,
 * and revokes the whole family (refresh tokens and the access tokens issued with them).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 * @see https://datatracker.ietf.org/doc/html/rfc9700#section-4.14.2
 */
export const oauthRefreshTokens = pgTable(
  'oauth_refresh_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    familyId: uuid('family_id').notNull(),
    practiceId: practiceColumn().references(() => practices.id),
    clientId: text('client_id')
      .notNull()
      .references(() => oauthClients.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull(),
    practitionerId: uuid('practitioner_id').notNull(),
    /** The family's scope: identical for every successor (RFC 6749 §6). */
    scope: text('scope').notNull(),
    patientId: text('patient_id'),
    /** The access token issued together with this refresh token. */
    accessTokenJti: text('access_token_jti').notNull(),
    accessTokenExpiresAt: timestamp('access_token_expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    rotatedAt: timestamp('rotated_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAtColumn(),
  },
  (table) => [index('oauth_refresh_tokens_family_idx').on(table.familyId), index('oauth_refresh_tokens_expires_idx').on(table.expiresAt)],
);
