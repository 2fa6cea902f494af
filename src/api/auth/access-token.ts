import { decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import type { Principal } from './principal';
import type { SigningKey, VerificationKey } from './server-keys';

/**
 * MetBridge access tokens: JWTs in the RFC 9068 profile, signed ES256 with the gateway's key.
 * Every token names its practice, client and scope; a user (and launch patient) when a person
 * authorized it. The practice in the token is the only source of a request's tenant.
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-2.2
 */
export const ACCESS_TOKEN_TYP = 'at+jwt';

export interface AccessTokenClaims {
  /** PUBLIC_URL. */
  iss: string;
  /** The FHIR base, `PUBLIC_URL/fhir`. */
  aud: string;
  /** The user id when a user authorized the token, else the client id. */
  sub: string;
  exp: number;
  iat: number;
  /** Random; the handle revocation uses. */
  jti: string;
  /** Granted scopes, space-separated, in the grammar the client asked in. */
  scope: string;
  client_id: string;
  practice_id: string;
  user_id?: string;
  practitioner_id?: string;
  /** The patient in context, for `patient/` scopes. */
  patient?: string;
}

export async function signAccessToken(claims: AccessTokenClaims, key: SigningKey): Promise<string> {
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: ACCESS_TOKEN_TYP })
    .sign(key.privateKey);
}

export interface AccessTokenCheck {
  issuer: string;
  audience: string;
  now: Date;
  keyFor(kid: string): Promise<VerificationKey | undefined>;
}

/**
 * The claims of `token` when it is one of ours and valid now: signature by a trusted server key
 * (the algorithm is the key's, never the header's choice), `typ`, issuer, audience, `exp` and
 * every claim MetBridge relies on; undefined otherwise.
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-4
 */
export async function verifyAccessToken(token: string, check: AccessTokenCheck): Promise<AccessTokenClaims | undefined> {
  let kid: unknown;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    return undefined;
  }
  if (typeof kid !== 'string') return undefined;
  const key = await check.keyFor(kid);
  if (!key) return undefined;
  try {
    const { payload } = await jwtVerify(token, key.publicKey, {
      algorithms: [key.alg],
      typ: ACCESS_TOKEN_TYP,
      issuer: check.issuer,
      audience: check.audience,
      currentDate: check.now,
      requiredClaims: ['sub', 'exp', 'iat', 'jti'],
    });
    return hasAccessTokenShape(payload) ? payload : undefined;
  } catch {
    return undefined;
  }
}

/** The principal a verified token establishes. */
export function principalOf(claims: AccessTokenClaims): Principal {
  const actor: Principal['actor'] =
    claims.user_id && claims.practitioner_id
      ? { kind: 'user', userId: claims.user_id, practitionerId: claims.practitioner_id }
      : { kind: 'client', clientId: claims.client_id };
  return {
    practiceId: claims.practice_id,
    actor,
    scopes: claims.scope.split(' ').filter(Boolean),
    ...(claims.patient ? { patientId: claims.patient } : {}),
  };
}

function hasAccessTokenShape(payload: Record<string, unknown>): payload is AccessTokenClaims & Record<string, unknown> {
  const optionalString = (value: unknown) => value === undefined || typeof value === 'string';
  return (
    typeof payload.jti === 'string' &&
    typeof payload.scope === 'string' &&
    typeof payload.client_id === 'string' &&
    typeof payload.practice_id === 'string' &&
    optionalString(payload.user_id) &&
    optionalString(payload.practitioner_id) &&
    optionalString(payload.patient)
  );
}
