import type { OAuthClient } from '../../../db/oauth-client-repository';
import type { AssertionFailureReason } from '../client-auth/assertion-failure';
import type { OAuthErrorCode } from '../oauth-error';

/** Why the token endpoint refused a request: the audit's reason code. */
export type TokenRefusalReason =
  | AssertionFailureReason
  | 'content_type'
  | 'parameter_repeated'
  | 'grant_type_missing'
  | 'grant_type_unsupported'
  | 'grant_type_not_registered'
  | 'scope_missing'
  | 'scope_not_granted';

export interface TokenRefusal {
  ok: false;
  reason: TokenRefusalReason;
  description: string;
  client?: OAuthClient;
}

export function tokenRefusal(reason: TokenRefusalReason, description: string, client?: OAuthClient): TokenRefusal {
  return { ok: false, reason, description, ...(client ? { client } : {}) };
}

/**
 * The wire error of each refusal. Every failure of client authentication is `invalid_client`.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/client-confidential-asymmetric.html#signature-verification
 */
export function wireError(reason: TokenRefusalReason): OAuthErrorCode {
  switch (reason) {
    case 'content_type':
    case 'parameter_repeated':
    case 'grant_type_missing':
      return 'invalid_request';
    case 'grant_type_unsupported':
      return 'unsupported_grant_type';
    case 'grant_type_not_registered':
      return 'unauthorized_client';
    case 'scope_missing':
    case 'scope_not_granted':
      return 'invalid_scope';
    case 'client_assertion_type':
    case 'client_assertion_missing':
    case 'assertion_malformed':
    case 'alg_none':
    case 'alg_hmac':
    case 'alg_unsupported':
    case 'alg_not_registered':
    case 'alg_key_mismatch':
    case 'typ_invalid':
    case 'kid_missing':
    case 'kid_unknown':
    case 'kid_ambiguous':
    case 'jku_mismatch':
    case 'jwks_unavailable':
    case 'iss_sub_mismatch':
    case 'client_id_mismatch':
    case 'client_unknown':
    case 'client_auth_method':
    case 'signature_invalid':
    case 'aud_mismatch':
    case 'exp_missing':
    case 'exp_expired':
    case 'exp_too_far':
    case 'iat_future':
    case 'nbf_future':
    case 'jti_missing':
    case 'jti_replayed':
      return 'invalid_client';
  }
}
