import type { Context } from 'hono';
import { createOAuthRepositories } from '../../../db/oauth-repositories';
import { recognizeToken } from '../introspection/presented-token';
import { authenticateTokenClient } from '../client-auth/authenticate-token-client';
import { NO_STORE_HEADERS, oauthErrorResponse } from '../oauth-error';
import type { TokenEndpointDeps } from '../token/token-route';
import { readTokenParameters } from '../token/token-parameters';
import { refusalResponse } from '../token/token-refusal';
import { revokeGrantFamily } from './revoke-grant-family';

/**
 * `POST /oauth/revoke` (RFC 7009): a client revokes one of its own tokens — an access token by
 * its `jti` (into the revocation table the bearer authenticator reads), a refresh token with its
 * whole family and the access tokens issued with it. Unknown, expired or other clients' tokens
 * change nothing and are answered 200 all the same, so the endpoint tells nobody which tokens exist.
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.1
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.2
 */
export function revocationEndpoint(deps: TokenEndpointDeps) {
  return async function revoke(c: Context): Promise<Response> {
    const read = await readTokenParameters(c.req.raw);
    if (!read.ok) return refusalResponse(read);
    const { parameters } = read;
    const now = deps.clock.now();
    const repositories = createOAuthRepositories(deps.database.forRequest(), deps.clock);
    const authentication = await authenticateTokenClient(
      { authorization: c.req.header('authorization'), get: (name) => parameters.get(name) },
      { clients: repositories.clients, assertionJtis: repositories.assertionJtis, remoteJwks: deps.remoteJwks, tokenEndpoint: deps.endpoints.token, now },
      true,
    );
    if (!authentication.ok) return refusalResponse({ ...authentication, reason: authentication.reason });
    const token = parameters.get('token');
    if (!token) return oauthErrorResponse('invalid_request', 'token is required: the token to revoke.');
    const { client } = authentication;
    const presented = await recognizeToken(token, { endpoints: deps.endpoints, serverKeys: deps.serverKeys, signingKeys: repositories.signingKeys, refreshTokens: repositories.refreshTokens, now });
    if (presented?.kind === 'access_token' && presented.claims.client_id === client.id) {
      const { claims } = presented;
      await repositories.revokedTokens.revoke({ jti: claims.jti, practiceId: claims.practice_id, clientId: claims.client_id, expiresAt: new Date(claims.exp * 1000), revokedAt: now });
      deps.onRevoked?.([claims.jti]);
    } else if (presented?.kind === 'refresh_token' && presented.row.clientId === client.id) {
      deps.onRevoked?.(await revokeGrantFamily(repositories, presented.row, now));
    }
    return new Response(null, { status: 200, headers: NO_STORE_HEADERS });
  };
}
