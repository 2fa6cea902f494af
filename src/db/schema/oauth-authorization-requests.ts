import { boolean, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, practiceColumn } from './columns';
import { oauthClients } from './oauth-clients';
import { practices } from './practices';

/**
 * An App Launch authorization request between `/oauth/authorize` and the redirect with a code:
 * what was asked (already validated and capped at the client's registered scope), and how far
 * the trainer got (signed in, consented). Every form of the flow is bound to this row by a
 * random token whose SHA-256 is kept here and which the browser also holds in a cookie.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#obtain-authorization-code
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 */
export const oauthAuthorizationRequests = pgTable(
  'oauth_authorization_requests',
  {
    id: uuid('id').primaryKey(),
    practiceId: practiceColumn().references(() => practices.id),
    clientId: text('client_id')
      .notNull()
      .references(() => oauthClients.id, { onDelete: 'cascade' }),
    redirectUri: text('redirect_uri').notNull(),
    /** The scopes the consent screen asks for: requested ∩ registered. */
    scope: text('scope').notNull(),
    state: text('state'),
    nonce: text('nonce'),
    /** PKCE S256 challenge. */
    codeChallenge: text('code_challenge').notNull(),
    /** A patient must be picked before the code is issued (`launch/patient` or `patient/` scopes). */
    needsPatient: boolean('needs_patient').notNull(),
    /** SHA-256 of the form/cookie token that binds the flow to one browser. */
    bindingHash: text('binding_hash').notNull(),
    /** The trainer, once signed in. */
    userId: uuid('user_id'),
    consentedAt: timestamp('consented_at', { withTimezone: true, mode: 'date' }),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: createdAtColumn(),
  },
  (table) => [index('oauth_authorization_requests_expires_idx').on(table.expiresAt)],
);
