import type { OAuthClient } from '../../../db/oauth-client-repository';

/**
 * Why client authentication was refused (a client assertion, a client secret or a public
 * client's `client_id`): one code per check, recorded in the audit row. On the wire every one of
 * them is `invalid_client`, with a description naming the check.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/client-confidential-asymmetric.html#signature-verification
 */
export type AssertionFailureReason =
  | 'client_assertion_type'
  | 'client_assertion_missing'
  | 'assertion_malformed'
  | 'alg_none'
  | 'alg_hmac'
  | 'alg_unsupported'
  | 'alg_not_registered'
  | 'alg_key_mismatch'
  | 'typ_invalid'
  | 'kid_missing'
  | 'kid_unknown'
  | 'kid_ambiguous'
  | 'jku_mismatch'
  | 'jwks_unavailable'
  | 'iss_sub_mismatch'
  | 'client_id_mismatch'
  | 'client_unknown'
  | 'client_auth_method'
  | 'signature_invalid'
  | 'aud_mismatch'
  | 'exp_missing'
  | 'exp_expired'
  | 'exp_too_far'
  | 'iat_future'
  | 'nbf_future'
  | 'jti_missing'
  | 'jti_replayed'
  | 'client_id_missing'
  | 'public_client_refused'
  | 'client_secret_invalid'
  | 'basic_header_malformed'
  | 'multiple_auth_methods';

export interface AssertionFailure {
  ok: false;
  reason: AssertionFailureReason;
  description: string;
  /** The registered client the assertion claimed to come from, once known. */
  client?: OAuthClient;
  /** The client tried HTTP Basic: the answer is 401 with a `WWW-Authenticate: Basic` challenge (RFC 6749 §5.2). */
  basicChallenge?: boolean;
}

export function assertionFailure(reason: AssertionFailureReason, description: string, client?: OAuthClient): AssertionFailure {
  return { ok: false, reason, description, ...(client ? { client } : {}) };
}
