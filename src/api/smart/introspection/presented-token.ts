import type { OAuthRefreshTokenRepository, RefreshToken } from '../../../db/oauth-refresh-token-repository';
import type { OAuthSigningKeyRepository } from '../../../db/oauth-signing-key-repository';
import { verifyAccessToken, type AccessTokenClaims } from '../../auth/access-token';
import type { ServerKeyStore } from '../../auth/server-keys';
import { sha256Base64Url } from '../../auth/sha256';
import type { OAuthEndpoints } from '../oauth-endpoints';

/** A token presented to introspection or revocation, once recognised as one this server issued. */
export type PresentedToken = { kind: 'access_token'; claims: AccessTokenClaims } | { kind: 'refresh_token'; row: RefreshToken };

export interface PresentedTokenContext {
  endpoints: OAuthEndpoints;
  serverKeys: ServerKeyStore;
  signingKeys: OAuthSigningKeyRepository;
  refreshTokens: OAuthRefreshTokenRepository;
  now: Date;
}

/** Longer than any token this server issues. */
const MAX_TOKEN_LENGTH = 8_192;

/**
 * What `token` is: an access token (a JWT this server signed, unexpired) or a refresh token (by
 * its hash); undefined for anything else — malformed, expired, forged or unknown. The
 * `token_type_hint` is only a hint: both kinds are tried.
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2.1
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.1
 */
export async function recognizeToken(token: string, context: PresentedTokenContext): Promise<PresentedToken | undefined> {
  if (token.length > MAX_TOKEN_LENGTH) return undefined;
  if (token.split('.').length === 3) {
    const claims = await verifyAccessToken(token, {
      issuer: context.endpoints.issuer,
      audience: context.endpoints.fhirBase,
      now: context.now,
      keyFor: (kid) => context.serverKeys.verificationKey(kid, () => context.signingKeys),
    });
    return claims ? { kind: 'access_token', claims } : undefined;
  }
  const row = await context.refreshTokens.findByHash(await sha256Base64Url(token));
  return row ? { kind: 'refresh_token', row } : undefined;
}
