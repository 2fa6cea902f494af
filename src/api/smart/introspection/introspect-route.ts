import type { Context } from 'hono';
import type { OAuthRepositories } from '../../../db/oauth-repositories';
import type { OAuthClient } from '../../../db/oauth-client-repository';
import { authenticateClientRequest } from '../client-auth/authenticate-client-request';
import { oauthErrorResponse, oauthJsonResponse } from '../oauth-error';
import type { TokenEndpointDeps } from '../token/token-route';
import { recognizeToken, type PresentedToken } from './presented-token';

/**
 * `POST /oauth/introspect` (RFC 7662): for authenticated (confidential) clients, about tokens of
 * their own practice. Anything expired, revoked, rotated, malformed, unknown or of another
 * practice is `{"active": false}` and nothing more.
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/token-introspection.html
 */
export function introspectionEndpoint(deps: TokenEndpointDeps) {
  return async function introspect(c: Context): Promise<Response> {
    const authenticated = await authenticateClientRequest(c.req.raw, deps, { allowPublic: false, challengeEveryFailure: true });
    if (!authenticated.ok) return authenticated.response;
    const { client, parameters, repositories, now } = authenticated;
    const token = parameters.get('token');
    if (!token) return oauthErrorResponse('invalid_request', 'token is required: the token to introspect.');
    const presented = await recognizeToken(token, { endpoints: deps.endpoints, serverKeys: deps.serverKeys, signingKeys: repositories.signingKeys, refreshTokens: repositories.refreshTokens, now });
    const description = presented && (await describeActive(presented, client, repositories, deps.endpoints.fhirBase, now));
    return oauthJsonResponse(description ?? { active: false });
  };
}

async function describeActive(
  presented: PresentedToken,
  caller: OAuthClient,
  repositories: OAuthRepositories,
  fhirBase: string,
  now: Date,
): Promise<Record<string, unknown> | undefined> {
  if (presented.kind === 'access_token') {
    const { claims } = presented;
    if (claims.practice_id !== caller.practiceId || (await repositories.revokedTokens.isRevoked(claims.jti))) return undefined;
    return {
      active: true,
      token_type: 'Bearer',
      scope: claims.scope,
      client_id: claims.client_id,
      sub: claims.sub,
      iss: claims.iss,
      aud: claims.aud,
      exp: claims.exp,
      iat: claims.iat,
      jti: claims.jti,
      ...(claims.patient ? { patient: claims.patient } : {}),
      ...(claims.practitioner_id ? { fhirUser: `${fhirBase}/Practitioner/${claims.practitioner_id}` } : {}),
    };
  }
  const { row } = presented;
  if (row.practiceId !== caller.practiceId || row.rotatedAt || row.revokedAt || row.expiresAt <= now) return undefined;
  return {
    active: true,
    token_type: 'refresh_token',
    scope: row.scope,
    client_id: row.clientId,
    sub: row.userId,
    exp: Math.floor(row.expiresAt.getTime() / 1000),
    iat: Math.floor(row.createdAt.getTime() / 1000),
    ...(row.patientId ? { patient: row.patientId } : {}),
    fhirUser: `${fhirBase}/Practitioner/${row.practitionerId}`,
  };
}
