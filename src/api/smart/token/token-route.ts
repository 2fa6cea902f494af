import type { Context } from 'hono';
import type { DatabaseProvider } from '../../../db/database';
import { createOAuthRepositories } from '../../../db/oauth-repositories';
import type { Clock } from '../../../lib/clock';
import type { ServerKeyStore } from '../../auth/server-keys';
import type { RemoteJwksCache } from '../jwks/remote-jwks-cache';
import { oauthJsonResponse } from '../oauth-error';
import { pruneAppLaunchRows } from './prune-app-launch-rows';
import type { OAuthEndpoints } from '../oauth-endpoints';
import { GRANTS } from './grants';
import { auditTokenRequest } from './token-audit';
import type { GrantResult, TokenContext } from './token-context';
import { readTokenParameters, type TokenParameters } from './token-parameters';
import { refusalResponse, tokenRefusal } from './token-refusal';

export interface TokenEndpointDeps {
  database: DatabaseProvider;
  clock: Clock;
  endpoints: OAuthEndpoints;
  serverKeys: ServerKeyStore;
  remoteJwks: RemoteJwksCache;
  /** Called with the `jti`s of access tokens the endpoint revoked (code or refresh-token reuse). */
  onRevoked?: (jtis: readonly string[]) => void;
}

/** Rows of the replay store and revocation table that can no longer matter are pruned at most this often per process or isolate. */
const PRUNE_INTERVAL_MS = 60_000;

/**
 * `POST /oauth/token`: dispatches on `grant_type` to the registered grants, audits every outcome
 * and answers RFC 6749 §5.1 or §5.2 JSON, never cached.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.2
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5
 */
export function tokenEndpoint(deps: TokenEndpointDeps) {
  let lastPrunedAt = Number.NEGATIVE_INFINITY;
  return async function issueToken(c: Context): Promise<Response> {
    const repositories = createOAuthRepositories(deps.database.forRequest(), deps.clock);
    const context: TokenContext = {
      repositories,
      endpoints: deps.endpoints,
      serverKeys: deps.serverKeys,
      remoteJwks: deps.remoteJwks,
      now: deps.clock.now(),
      authorization: c.req.header('authorization'),
      revoked: (jtis) => deps.onRevoked?.(jtis),
    };
    const read = await readTokenParameters(c.req.raw);
    const grantType = read.ok ? read.parameters.get('grant_type') : undefined;
    const result: GrantResult = read.ok ? await runGrant(grantType, read.parameters, context) : read;
    await auditTokenRequest(repositories.audit, grantType, result, deps.endpoints);
    if (!result.ok) return refusalResponse(result);

    if (context.now.getTime() - lastPrunedAt >= PRUNE_INTERVAL_MS) {
      lastPrunedAt = context.now.getTime();
      await repositories.assertionJtis.pruneExpired(context.now);
      await repositories.revokedTokens.pruneExpired(context.now);
      await pruneAppLaunchRows(repositories, context.now);
    }
    const { accessToken, expiresIn, scope, refreshToken, idToken, patient } = result.token;
    return oauthJsonResponse({
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: expiresIn,
      scope,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
      ...(idToken ? { id_token: idToken } : {}),
      ...(patient ? { patient } : {}),
    });
  };
}

async function runGrant(grantType: string | undefined, parameters: TokenParameters, context: TokenContext): Promise<GrantResult> {
  if (!grantType) return tokenRefusal('grant_type_missing', 'grant_type is required.');
  const grant = GRANTS.get(grantType);
  if (!grant) {
    const supported = [...GRANTS.keys()].join(', ');
    return tokenRefusal('grant_type_unsupported', `grant_type ${JSON.stringify(grantType.slice(0, 64))} is not supported by this token endpoint; supported: ${supported}.`);
  }
  return grant(parameters, context);
}
