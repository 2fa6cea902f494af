import { SignJWT } from 'jose';
import type { SigningKey } from '../../auth/server-keys';

/** id_tokens live as long as the access token issued with them. */
export interface IdTokenClaims {
  issuer: string;
  /** The user id: stable, never reassigned. */
  subject: string;
  /** The client_id. */
  audience: string;
  /** Absolute URL of the trainer's Practitioner. */
  fhirUser: string;
  nonce?: string;
  issuedAt: number;
  expiresAt: number;
}

/**
 * An OpenID Connect id_token, signed RS256 with the server's own key (published in the JWKS):
 * `iss`, `sub`, `aud` = client_id, `exp`, `iat`, `fhirUser`, and the `nonce` of the request.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDToken
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#scopes-for-requesting-identity-data
 */
export async function signIdToken(claims: IdTokenClaims, key: SigningKey): Promise<string> {
  return new SignJWT({ fhirUser: claims.fhirUser, ...(claims.nonce ? { nonce: claims.nonce } : {}) })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(claims.issuer)
    .setSubject(claims.subject)
    .setAudience(claims.audience)
    .setIssuedAt(claims.issuedAt)
    .setExpirationTime(claims.expiresAt)
    .sign(key.privateKey);
}
