import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAtColumn, practiceColumn } from './columns';
import { practices } from './practices';

/** A public JWK Set as registered (RFC 7517 §5): public members only, each key with a `kid`. */
export interface RegisteredJwks {
  keys: Record<string, unknown>[];
}

/**
 * An OAuth client of one practice, registered with RFC 7591 metadata. It serves every SMART
 * client profile: backend services (`private_key_jwt` with `jwks` or `jwks_uri`), confidential
 * symmetric apps (`client_secret_basic`, only a hash of the secret is kept) and public apps
 * (`none`). `scope` is the ceiling of every token the client can obtain.
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/client-confidential-asymmetric.html#registering-a-client-communicating-public-keys
 */
export const oauthClients = pgTable(
  'oauth_clients',
  {
    /** The `client_id`: random, never derived from the practice or the name. */
    id: text('id').primaryKey(),
    practiceId: practiceColumn().references(() => practices.id),
    clientName: text('client_name'),
    grantTypes: jsonb('grant_types').$type<string[]>().notNull(),
    /** `private_key_jwt`, `client_secret_basic` or `none`. */
    tokenEndpointAuthMethod: text('token_endpoint_auth_method').notNull(),
    /** When set, the only algorithm the client's assertions may use (OpenID Connect Registration §2). */
    tokenEndpointAuthSigningAlg: text('token_endpoint_auth_signing_alg'),
    jwks: jsonb('jwks').$type<RegisteredJwks>(),
    jwksUri: text('jwks_uri'),
    /** SHA-256 of the random client secret (`sha256$<base64url>`); the secret itself is never stored. */
    clientSecretHash: text('client_secret_hash'),
    redirectUris: jsonb('redirect_uris').$type<string[]>().notNull(),
    /** Space-separated registered scopes: the ceiling of any token. */
    scope: text('scope').notNull(),
    createdAt: createdAtColumn(),
  },
  (table) => [
    index('oauth_clients_practice_idx').on(table.practiceId),
    check('oauth_clients_one_key_source', sql`${table.jwks} is null or ${table.jwksUri} is null`),
  ],
);
