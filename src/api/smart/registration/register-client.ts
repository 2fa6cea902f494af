import type { Context } from 'hono';
import type { DatabaseProvider } from '../../../db/database';
import type { OAuthClient } from '../../../db/oauth-client-repository';
import { createOAuthRepositories } from '../../../db/oauth-repositories';
import { encodeBase64Url } from '../../../lib/base64url';
import type { Clock } from '../../../lib/clock';
import { isUuid } from '../../../lib/ids';
import { notFoundError } from '../../api-error';
import { sha256Base64Url } from '../../auth/sha256';
import { oauthErrorResponse, oauthJsonResponse } from '../oauth-error';
import { validateClientMetadata, type ClientMetadata } from './client-metadata';

export interface RegistrationDeps {
  database: DatabaseProvider;
  clock: Clock;
}

/** Where the practice of a new client comes from: the admin path, or `practice_id` in the body. */
export type PracticeSource = 'path' | 'body';

/**
 * Registers an OAuth client of one practice from RFC 7591 metadata, with its audit row in the same
 * transaction, and answers the RFC 7591 §3.2.1 client information response. A generated
 * `client_secret` (client_secret_basic) appears in this response only; a hash is stored.
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3.2.1
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3.2.2
 */
export function registerClientHandler(deps: RegistrationDeps, practiceSource: PracticeSource) {
  return async function registerClient(c: Context): Promise<Response> {
    const body = await readMetadata(c.req.raw);
    if (body instanceof Response) return body;
    const repositories = createOAuthRepositories(deps.database.forRequest(), deps.clock);

    const practiceId = practiceSource === 'path' ? (c.req.param('id') ?? '') : body.practice_id;
    const practice = typeof practiceId === 'string' && isUuid(practiceId) ? await repositories.practices.findById(practiceId) : undefined;
    if (!practice) {
      if (practiceSource === 'path') throw notFoundError(`There is no practice ${String(practiceId)}.`);
      return oauthErrorResponse('invalid_client_metadata', 'practice_id must name an existing practice: the tenant the client belongs to.');
    }
    const validated = await validateClientMetadata(body);
    if (!validated.ok) return oauthErrorResponse(validated.error, validated.problems.join(' '));

    const clientSecret = validated.metadata.tokenEndpointAuthMethod === 'client_secret_basic' ? randomToken(32) : undefined;
    const client = await repositories.transaction(async (tx) => {
      const created = await tx.clients.insert({
        ...rowOf(validated.metadata),
        id: randomToken(16),
        practiceId: practice.id,
        clientSecretHash: clientSecret ? `sha256$${await sha256Base64Url(clientSecret)}` : null,
        createdAt: deps.clock.now(),
      });
      await tx.audit.record({
        practiceId: practice.id,
        action: 'C',
        kind: 'oauth.client.register',
        outcome: 'success',
        agent: 'admin',
        entityType: 'OAuthClient',
        entityId: created.id,
        detail: { tokenEndpointAuthMethod: created.tokenEndpointAuthMethod, grantTypes: created.grantTypes.join(' ') },
      });
      return created;
    });
    return oauthJsonResponse(registrationResponse(client, clientSecret), 201);
  };
}

async function readMetadata(request: Request): Promise<Record<string, unknown> | Response> {
  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    return oauthErrorResponse('invalid_client_metadata', 'Send the client metadata as application/json.', 415);
  }
  try {
    const body: unknown = JSON.parse(await request.text());
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // answered below
  }
  return oauthErrorResponse('invalid_client_metadata', 'The request body must be a JSON object of client metadata.');
}

function rowOf(metadata: ClientMetadata) {
  return {
    clientName: metadata.clientName ?? null,
    grantTypes: metadata.grantTypes,
    tokenEndpointAuthMethod: metadata.tokenEndpointAuthMethod,
    tokenEndpointAuthSigningAlg: metadata.tokenEndpointAuthSigningAlg ?? null,
    jwks: metadata.jwks ?? null,
    jwksUri: metadata.jwksUri ?? null,
    redirectUris: metadata.redirectUris,
    scope: metadata.scope,
  };
}

/** The registered metadata, as stored, with the credentials the client needs. */
function registrationResponse(client: OAuthClient, clientSecret: string | undefined): Record<string, unknown> {
  return {
    client_id: client.id,
    client_id_issued_at: Math.floor(client.createdAt.getTime() / 1000),
    ...(clientSecret ? { client_secret: clientSecret, client_secret_expires_at: 0 } : {}),
    ...(client.clientName ? { client_name: client.clientName } : {}),
    grant_types: client.grantTypes,
    token_endpoint_auth_method: client.tokenEndpointAuthMethod,
    ...(client.tokenEndpointAuthSigningAlg ? { token_endpoint_auth_signing_alg: client.tokenEndpointAuthSigningAlg } : {}),
    ...(client.jwks ? { jwks: client.jwks } : {}),
    ...(client.jwksUri ? { jwks_uri: client.jwksUri } : {}),
    ...(client.redirectUris.length ? { redirect_uris: client.redirectUris, response_types: ['code'] } : {}),
    scope: client.scope,
    practice_id: client.practiceId,
  };
}

/** `bytes` random bytes as base64url: client ids (16) and client secrets (32). */
function randomToken(bytes: number): string {
  return encodeBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}
