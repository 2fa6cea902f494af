/**
 * The error codes the authorization server puts on the wire: a closed union of RFC 6749 §4.1.2.1
 * and §5.2, RFC 7009 §2.2.1 and RFC 7591 §3.2.2 codes. Internal reasons map onto them in one exhaustive switch each (see
 * token/token-refusal.ts); the detail goes into `error_description`, never a stack trace.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.2.1
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3.2.2
 */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_client_metadata'
  | 'invalid_redirect_uri'
  | 'access_denied'
  | 'unsupported_response_type'
  | 'unsupported_token_type';

/** Responses that carry credentials or errors about them must not be cached. */
export const NO_STORE_HEADERS = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;

/** An RFC 6749 §5.2 error body, status 400 unless told otherwise. */
export function oauthErrorResponse(error: OAuthErrorCode, description: string, status = 400): Response {
  return new Response(JSON.stringify({ error, error_description: description }), {
    status,
    headers: { 'Content-Type': 'application/json', ...NO_STORE_HEADERS },
  });
}

/** A successful JSON answer of the authorization server (token, registration), never cached. */
export function oauthJsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...NO_STORE_HEADERS },
  });
}
