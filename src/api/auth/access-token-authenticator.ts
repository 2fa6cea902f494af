import type { DatabaseProvider } from '../../db/database';
import { OAuthRevokedTokenRepository } from '../../db/oauth-revoked-token-repository';
import { OAuthSigningKeyRepository } from '../../db/oauth-signing-key-repository';
import type { Clock } from '../../lib/clock';
import { oauthEndpoints } from '../smart/oauth-endpoints';
import { principalOf, verifyAccessToken } from './access-token';
import type { Authenticator } from './principal';
import type { ServerKeyStore } from './server-keys';
import { RevokedTokenFeed } from './revoked-token-feed';
import { sha256Base64Url } from './sha256';
import { VerifiedTokenCache } from './verified-token-cache';

export interface AccessTokenAuthenticatorOptions {
  publicUrl: string;
  clock: Clock;
  database: DatabaseProvider;
  keys: ServerKeyStore;
  /** Verified tokens remembered at most (default 10,000). */
  cacheSize?: number;
  /**
   * How often the revoked tokens are reloaded from the database (default 1 s): the longest a
   * revocation made by another process or isolate can go unnoticed here.
   */
  revocationPollMs?: number;
}

/** Bearer access tokens as the authenticator reads them; anything longer is not one of ours. */
const MAX_TOKEN_LENGTH = 8_192;

export interface AccessTokenAuthenticator extends Authenticator {
  /** Stops trusting the token with `jti` at once in this process (after revoking it in the database). */
  forget(jti: string): void;
}

/**
 * Authenticates FHIR and practice-API requests by the access tokens this server issued: the
 * signature (server keys), `exp`, issuer, audience (the FHIR base) and the revocation table.
 * A verified token is cached by its SHA-256 until it expires, so a request pays a hash and two
 * map lookups rather than a signature check; every request, cached or not, is checked against
 * the revoked tokens, which this process reloads at most once per `revocationPollMs`.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-4
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/backend-services.html#access-fhir-api
 */
export function accessTokenAuthenticator(options: AccessTokenAuthenticatorOptions): AccessTokenAuthenticator {
  const { issuer, fhirBase } = oauthEndpoints(options.publicUrl);
  const cache = new VerifiedTokenCache(options.cacheSize ?? 10_000);
  const revoked = new RevokedTokenFeed(
    (now) => new OAuthRevokedTokenRepository(options.database.forRequest()).listUnexpired(now),
    options.revocationPollMs ?? 1_000,
  );
  const signingKeys = () => new OAuthSigningKeyRepository(options.database.forRequest());

  return {
    async authenticate(request) {
      const token = bearerToken(request);
      if (!token) return undefined;
      const digest = await sha256Base64Url(token);
      const now = options.clock.now();
      const cached = cache.get(digest);
      if (cached) {
        if (cached.expiresAt <= now.getTime()) {
          cache.delete(digest);
          return undefined;
        }
        if (await revoked.isRevoked(cached.jti, now)) {
          cache.delete(digest);
          return undefined;
        }
        return cached.principal;
      }
      const claims = await verifyAccessToken(token, {
        issuer,
        audience: fhirBase,
        now,
        keyFor: (kid) => options.keys.verificationKey(kid, signingKeys),
      });
      if (!claims || (await revoked.isRevoked(claims.jti, now))) return undefined;
      const principal = principalOf(claims);
      cache.set(digest, { principal, jti: claims.jti, expiresAt: claims.exp * 1000 }, now.getTime());
      return principal;
    },
    forget(jti) {
      revoked.add(jti, options.clock.now());
      cache.forget(jti);
    },
  };
}

function bearerToken(request: Request): string | undefined {
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(request.headers.get('authorization') ?? '');
  const token = match?.[1];
  return token && token.length <= MAX_TOKEN_LENGTH ? token : undefined;
}

