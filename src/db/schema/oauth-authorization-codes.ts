import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, practiceColumn } from './columns';
import { oauthClients } from './oauth-clients';
import { practices } from './practices';

/**
 * Authorization codes, by the SHA-256 of the code (the code itself is never stored): bound to the
 * client, redirect URI, PKCE challenge, trainer and granted scope; single-use. A consumed code
 * keeps the `jti` of the access token it produced and its grant family, so a second exchange can
 * revoke everything the first one issued.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.5
 */
export const oauthAuthorizationCodes = pgTable(
  'oauth_authorization_codes',
  {
    codeHash: text('code_hash').primaryKey(),
    practiceId: practiceColumn().references(() => practices.id),
    clientId: text('client_id')
      .notNull()
      .references(() => oauthClients.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull(),
    practitionerId: uuid('practitioner_id').notNull(),
    redirectUri: text('redirect_uri').notNull(),
    codeChallenge: text('code_challenge').notNull(),
    scope: text('scope').notNull(),
    patientId: text('patient_id'),
    nonce: text('nonce'),
    /** Every token issued from this code (and their refresh successors) belongs to this family. */
    familyId: uuid('family_id').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    consumedAt: timestamp('consumed_at', { withTimezone: true, mode: 'date' }),
    accessTokenJti: text('access_token_jti'),
    accessTokenExpiresAt: timestamp('access_token_expires_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAtColumn(),
  },
  (table) => [index('oauth_authorization_codes_expires_idx').on(table.expiresAt), index('oauth_authorization_codes_family_idx').on(table.familyId)],
);
