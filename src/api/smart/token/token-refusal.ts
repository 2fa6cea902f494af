import type { OAuthClient } from '../../../db/oauth-client-repository';
import type { AssertionFailureReason } from '../client-auth/assertion-failure';
import { oauthErrorResponse, type OAuthErrorCode } from '../oauth-error';

/** Why the token endpoint refused a request: the audit's reason code. */
export type TokenRefusalReason =
  | AssertionFailureReason
  | 'content_type'
  | 'parameter_repeated'
  | 'grant_type_missing'
  | 'grant_type_unsupported'
  | 'grant_type_not_registered'
  | 'scope_missing'
  | 'scope_not_granted'
  | 'code_missing'
  | 'code_invalid'
  | 'code_expired'
  | 'code_reused'
  | 'code_client_mismatch'
  | 'redirect_uri_mismatch'
  | 'code_verifier_missing'
  | 'code_verifier_invalid'
  | 'refresh_token_missing'
  | 'refresh_token_invalid'
  | 'refresh_token_expired'
  | 'refresh_token_reused'
  | 'refresh_scope_widened';

export interface TokenRefusal {
  ok: false;
  reason: TokenRefusalReason;
  description: string;
  client?: OAuthClient;
  /** Client authentication by HTTP Basic failed: 401 with a Basic challenge. */
  basicChallenge?: boolean;
}

export function tokenRefusal(reason: TokenRefusalReason, description: string, client?: OAuthClient): TokenRefusal {
  return { ok: false, reason, description, ...(client ? { client } : {}) };
}

/**
 * The wire error of each refusal. Every failure of client authentication is `invalid_client`;
 * every problem with a code or refresh token (unknown, expired, reused, bound elsewhere) is
 * `invalid_grant`.
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
    case 'refresh_scope_widened':
      return 'invalid_scope';
    case 'code_missing':
    case 'code_verifier_missing':
    case 'refresh_token_missing':
      return 'invalid_request';
    case 'code_invalid':
    case 'code_expired':
    case 'code_reused':
    case 'code_client_mismatch':
    case 'redirect_uri_mismatch':
    case 'code_verifier_invalid':
    case 'refresh_token_invalid':
    case 'refresh_token_expired':
    case 'refresh_token_reused':
      return 'invalid_grant';
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
    case 'client_id_missing':
    case 'public_client_refused':
    case 'client_secret_invalid':
    case 'basic_header_malformed':
    case 'multiple_auth_methods':
      return 'invalid_client';
  }
}

/**
 * The response of a refusal: RFC 6749 §5.2 JSON, 401 with a Basic challenge when the client
 * tried HTTP Basic authentication.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export function refusalResponse(refusal: TokenRefusal): Response {
  const response = oauthErrorResponse(wireError(refusal.reason), refusal.description, refusal.basicChallenge ? 401 : 400);
  if (refusal.basicChallenge) response.headers.set('WWW-Authenticate', 'Basic realm="metbridge", charset="UTF-8"');
  return response;
}
