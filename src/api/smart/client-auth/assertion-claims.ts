import { assertionFailure, type AssertionFailure } from './assertion-failure';

/** Clock skew tolerated on `exp`, `iat` and `nbf`. */
export const ASSERTION_LEEWAY_SECONDS = 60;
/** How far in the future `exp` may be. */
export const ASSERTION_MAX_LIFETIME_SECONDS = 300;
const MAX_JTI_LENGTH = 256;

export interface AssertionClaimCheck {
  tokenEndpoint: string;
  now: Date;
}

export interface CheckedClaims {
  jti: string;
  /** Until when a replay of this `jti` must be caught: `exp` plus the leeway. */
  replayWindowEnd: Date;
}

/**
 * The time, audience and uniqueness claims of a verified client assertion (`iss` and `sub` are
 * checked before the key is chosen).
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/client-confidential-asymmetric.html#authenticating-to-the-token-endpoint
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3
 */
export function checkAssertionClaims(claims: Record<string, unknown>, check: AssertionClaimCheck): ({ ok: true } & CheckedClaims) | AssertionFailure {
  const now = check.now.getTime() / 1000;
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(check.tokenEndpoint)) {
    return assertionFailure('aud_mismatch', `client_assertion aud must be the token endpoint ${check.tokenEndpoint}.`);
  }
  const { exp, iat, nbf, jti } = claims;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) {
    return assertionFailure('exp_missing', 'client_assertion has no exp (a NumericDate, seconds since the epoch).');
  }
  if (exp + ASSERTION_LEEWAY_SECONDS <= now) return assertionFailure('exp_expired', 'client_assertion has expired (exp is in the past).');
  if (exp > now + ASSERTION_MAX_LIFETIME_SECONDS + ASSERTION_LEEWAY_SECONDS) {
    return assertionFailure('exp_too_far', `client_assertion exp is more than ${ASSERTION_MAX_LIFETIME_SECONDS / 60} minutes in the future.`);
  }
  if (iat !== undefined && (typeof iat !== 'number' || iat > now + ASSERTION_LEEWAY_SECONDS)) {
    return assertionFailure('iat_future', 'client_assertion iat is in the future (or not a NumericDate).');
  }
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > now + ASSERTION_LEEWAY_SECONDS)) {
    return assertionFailure('nbf_future', 'client_assertion is not valid yet (nbf is in the future, or not a NumericDate).');
  }
  if (typeof jti !== 'string' || jti === '' || jti.length > MAX_JTI_LENGTH) {
    return assertionFailure('jti_missing', `client_assertion needs a jti: a unique string of at most ${MAX_JTI_LENGTH} characters.`);
  }
  return { ok: true, jti, replayWindowEnd: new Date((exp + ASSERTION_LEEWAY_SECONDS) * 1000) };
}
