import type { OAuthClient } from '../../../db/oauth-client-repository';
import type { NewRefreshToken } from '../../../db/oauth-refresh-token-repository';
import { encodeBase64Url } from '../../../lib/base64url';
import { sha256Base64Url } from '../../auth/sha256';
import { parseScopeList } from '../../auth/smart-scopes';
import { signIdToken } from './id-token';
import { issueAccessToken } from './issue-access-token';
import type { IssuedToken, TokenContext } from './token-context';

/** A refresh token is good for this long after it was issued; each rotation starts a new period. */
export const REFRESH_TOKEN_LIFETIME_MS = 30 * 24 * 60 * 60_000;

/** What a trainer authorized, as a code or a refresh token carries it. */
export interface UserGrant {
  client: OAuthClient;
  familyId: string;
  userId: string;
  practitionerId: string;
  /** The scope of the grant (for a refresh, the family's scope). */
  grantScope: string;
  /** The scope of this access token: the grant's, or narrower on refresh. */
  tokenScope: string;
  patientId: string | null;
  nonce?: string | null;
}

export interface AppTokens {
  token: IssuedToken;
  /** The refresh token row to store in the caller's transaction, when one is issued. */
  refreshRow?: NewRefreshToken;
}

/**
 * The tokens of an App Launch grant: an access token for the trainer (and launch patient), a
 * refresh token when `offline_access` was granted to a client registered for refresh tokens, an
 * id_token when `openid` was granted.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#response-5
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export async function issueAppTokens(grant: UserGrant, context: TokenContext): Promise<AppTokens> {
  const scopes = parseScopeList(grant.tokenScope).scopes;
  const named = new Set(scopes.flatMap((scope) => (scope.kind === 'named' ? [scope.value] : [])));
  const offline = parseScopeList(grant.grantScope).scopes.some((scope) => scope.kind === 'named' && scope.value === 'offline_access');
  const token = await issueAccessToken(
    {
      client: grant.client,
      scopes,
      user: { userId: grant.userId, practitionerId: grant.practitionerId },
      ...(grant.patientId ? { patientId: grant.patientId } : {}),
    },
    context,
  );
  if (grant.patientId) token.patient = grant.patientId;
  if (named.has('openid')) {
    const key = await context.serverKeys.signingKey(context.repositories.signingKeys, 'RS256');
    token.idToken = await signIdToken(
      {
        issuer: context.endpoints.issuer,
        subject: grant.userId,
        audience: grant.client.id,
        fhirUser: `${context.endpoints.fhirBase}/Practitioner/${grant.practitionerId}`,
        ...(grant.nonce ? { nonce: grant.nonce } : {}),
        issuedAt: token.expiresAt - token.expiresIn,
        expiresAt: token.expiresAt,
      },
      key,
    );
  }
  if (!offline || !grant.client.grantTypes.includes('refresh_token')) return { token };
  const refreshToken = encodeBase64Url(crypto.getRandomValues(new Uint8Array(32)));
  token.refreshToken = refreshToken;
  return {
    token,
    refreshRow: {
      tokenHash: await sha256Base64Url(refreshToken),
      familyId: grant.familyId,
      practiceId: grant.client.practiceId,
      clientId: grant.client.id,
      userId: grant.userId,
      practitionerId: grant.practitionerId,
      scope: grant.grantScope,
      patientId: grant.patientId,
      accessTokenJti: token.tokenId,
      accessTokenExpiresAt: new Date(token.expiresAt * 1000),
      expiresAt: new Date(context.now.getTime() + REFRESH_TOKEN_LIFETIME_MS),
      createdAt: context.now,
    },
  };
}
