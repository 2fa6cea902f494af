import type { OAuthRepositories } from '../../../db/oauth-repositories';

/**
 * Revokes everything issued from one authorization: every refresh token of the family and every
 * access token issued from its code or with its refresh tokens (those not yet expired go into the
 * revocation table the bearer authenticator reads). Returns the revoked access tokens' `jti`s.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2 (code used twice)
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.1
 * @see https://datatracker.ietf.org/doc/html/rfc9700#section-4.14.2
 */
export async function revokeGrantFamily(
  repositories: OAuthRepositories,
  family: { familyId: string; practiceId: string; clientId: string },
  now: Date,
): Promise<string[]> {
  return repositories.transaction(async (tx) => {
    const accessTokens = [...(await tx.authorizationCodes.accessTokensOfFamily(family.familyId)), ...(await tx.refreshTokens.revokeFamily(family.familyId, now))];
    const live = accessTokens.filter((token) => token.expiresAt > now);
    for (const token of live) {
      await tx.revokedTokens.revoke({ jti: token.jti, practiceId: family.practiceId, clientId: family.clientId, expiresAt: token.expiresAt, revokedAt: now });
    }
    return live.map((token) => token.jti);
  });
}
