import type { DatabaseProvider } from '../../db/database';
import { OAuthRevokedTokenRepository } from '../../db/oauth-revoked-token-repository';
import { OAuthSigningKeyRepository } from '../../db/oauth-signing-key-repository';
import type { Clock } from '../../lib/clock';
import { oauthEndpoints } from '../smart/oauth-endpoints';
import { principalOf, verifyAccessToken } from './access-token';
import type { Authenticator } from './principal';
import type { ServerKeyStore } from './server-keys';
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
   * How long a verified token is trusted before the revocation table is asked again (default
   * 30 s): the longest a revocation made by another process or isolate can go unnoticed here.
   */
  revocationRecheckMs?: number;
}

/** Bearer access tokens as the authenticator reads them; anything longer is not one of ours. */
const MAX_TOKEN_LENGTH = 8_192;

export interface AccessTokenAuthenticator extends Authenticator {
  /** Stops trusting the token with `jti` at once in this process (after revoking it). */
  forget(jti: string): void;
}

/**
 * Authenticates FHIR and practice-API requests by the access tokens this server issued: the
 * signature (server keys), `exp`, issuer, audience (the FHIR base) and the revocation table.
 * A verified token is cached by its SHA-256 until it expires, so a request pays a hash and a map
 * lookup rather than a signature check; the revocation table is re-read per token at most once
 * per `revocationRecheckMs`.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-4
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/backend-services.html#access-fhir-api
 */
export function accessTokenAuthenticator(options: AccessTokenAuthenticatorOptions): AccessTokenAuthenticator {
  const { issuer, fhirBase } = oauthEndpoints(options.publicUrl);
  const cache = new VerifiedTokenCache(options.cacheSize ?? 10_000);
  const recheckMs = options.revocationRecheckMs ?? 30_000;
  const isRevoked = (jti: string) => new OAuthRevokedTokenRepository(options.database.forRequest()).isRevoked(jti);
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
        if (now.getTime() - cached.revocationCheckedAt < recheckMs) return cached.principal;
        if (await isRevoked(cached.jti)) {
          cache.delete(digest);
          return undefined;
        }
        cached.revocationCheckedAt = now.getTime();
        return cached.principal;
      }
      const claims = await verifyAccessToken(token, {
        issuer,
        audience: fhirBase,
        now,
        keyFor: (kid) => options.keys.verificationKey(kid, signingKeys),
      });
      if (!claims || (await isRevoked(claims.jti))) return undefined;
      const principal = principalOf(claims);
      cache.set(digest, { principal, jti: claims.jti, expiresAt: claims.exp * 1000, revocationCheckedAt: now.getTime() }, now.getTime());
      return principal;
    },
    forget: (jti) => cache.forget(jti),
  };
}

function bearerToken(request: Request): string | undefined {
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(request.headers.get('authorization') ?? '');
  const token = match?.[1];
  return token && token.length <= MAX_TOKEN_LENGTH ? token : undefined;
}

