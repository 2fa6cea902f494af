import type { OAuthClient } from '../../../db/oauth-client-repository';
import { newId } from '../../../lib/ids';
import { signAccessToken } from '../../auth/access-token';
import { formatScope, type SmartScope } from '../../auth/smart-scopes';
import type { IssuedToken, TokenContext } from './token-context';

/**
 * Lifetime of every access token: SMART asks for at most five minutes for backend services.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/backend-services.html#issue-access-token
 */
export const ACCESS_TOKEN_LIFETIME_SECONDS = 300;

export interface AccessTokenGrant {
  client: OAuthClient;
  scopes: readonly SmartScope[];
  user?: { userId: string; practitionerId: string };
  patientId?: string;
}

/** Signs an access token (ES256, server key) for `grant`, audience the FHIR base. */
export async function issueAccessToken(grant: AccessTokenGrant, context: TokenContext): Promise<IssuedToken> {
  const key = await context.serverKeys.signingKey(context.repositories.signingKeys, 'ES256');
  const iat = Math.floor(context.now.getTime() / 1000);
  const scope = grant.scopes.map(formatScope).join(' ');
  const jti = newId();
  const accessToken = await signAccessToken(
    {
      iss: context.endpoints.issuer,
      aud: context.endpoints.fhirBase,
      sub: grant.user?.userId ?? grant.client.id,
      exp: iat + ACCESS_TOKEN_LIFETIME_SECONDS,
      iat,
      jti,
      scope,
      client_id: grant.client.id,
      practice_id: grant.client.practiceId,
      ...(grant.user ? { user_id: grant.user.userId, practitioner_id: grant.user.practitionerId } : {}),
      ...(grant.patientId ? { patient: grant.patientId } : {}),
    },
    key,
  );
  return { client: grant.client, accessToken, expiresIn: ACCESS_TOKEN_LIFETIME_SECONDS, scope, tokenId: jti, expiresAt: iat + ACCESS_TOKEN_LIFETIME_SECONDS };
}
