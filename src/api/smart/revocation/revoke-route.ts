import type { Context } from 'hono';
import { authenticateClientRequest } from '../client-auth/authenticate-client-request';
import { recognizeToken } from '../introspection/presented-token';
import { NO_STORE_HEADERS, oauthErrorResponse } from '../oauth-error';
import type { TokenEndpointDeps } from '../token/token-route';
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
    const authenticated = await authenticateClientRequest(c.req.raw, deps, { allowPublic: true, challengeEveryFailure: false });
    if (!authenticated.ok) return authenticated.response;
    const { client, parameters, repositories, now } = authenticated;
    const token = parameters.get('token');
    if (!token) return oauthErrorResponse('invalid_request', 'token is required: the token to revoke.');
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
