import { CLIENT_ASSERTION_ALGS, type ClientAssertionAlg } from '../jwks/public-jwks';
import { assertionFailure, type AssertionFailure } from './assertion-failure';

export interface AssertionHeader {
  alg: ClientAssertionAlg;
  kid: string;
  jku?: string;
}

/**
 * The JOSE header of a client assertion: an asymmetric `alg` the server verifies (never `none`,
 * never an HMAC — a public key must not double as a shared secret), a `kid`, `typ` JWT if given.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/client-confidential-asymmetric.html#authenticating-to-the-token-endpoint
 * @see https://www.rfc-editor.org/rfc/rfc8725#section-3.1
 */
export function checkAssertionHeader(header: Record<string, unknown>): ({ ok: true } & AssertionHeader) | AssertionFailure {
  const { alg, kid, typ, jku, crit } = header;
  if (typeof alg !== 'string') return assertionFailure('assertion_malformed', 'client_assertion header has no alg.');
  if (alg.toLowerCase() === 'none') {
    return assertionFailure('alg_none', 'client_assertion alg "none" is refused: the assertion must be signed with RS384 or ES384.');
  }
  if (/^HS\d+$/i.test(alg)) {
    return assertionFailure('alg_hmac', `client_assertion alg ${alg} is refused: HMAC algorithms are not accepted; sign with RS384 or ES384.`);
  }
  if (!(CLIENT_ASSERTION_ALGS as readonly string[]).includes(alg)) {
    return assertionFailure('alg_unsupported', `client_assertion alg ${alg} is not supported; use RS384 or ES384 (RS256 or ES256 when registered).`);
  }
  if (typ !== undefined && (typeof typ !== 'string' || typ.toUpperCase() !== 'JWT')) {
    return assertionFailure('typ_invalid', 'client_assertion header typ must be "JWT".');
  }
  if (crit !== undefined) return assertionFailure('assertion_malformed', 'client_assertion header has crit parameters, which are not supported.');
  if (typeof kid !== 'string' || kid === '') {
    return assertionFailure('kid_missing', 'client_assertion header has no kid; name the key of your JWKS that signed it.');
  }
  if (jku !== undefined && typeof jku !== 'string') return assertionFailure('jku_mismatch', 'client_assertion header jku must be a URL string.');
  return { ok: true, alg: alg as ClientAssertionAlg, kid, ...(jku === undefined ? {} : { jku }) };
}
