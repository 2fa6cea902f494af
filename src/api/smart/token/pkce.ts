import { encodeBase64Url } from '../../../lib/base64url';
import { secretsMatch } from '../../../lib/constant-time';

const CODE_VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/**
 * PKCE S256: BASE64URL(SHA256(code_verifier)) must equal the challenge of the authorization
 * request; the verifier is 43–128 unreserved characters.
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.1
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.6
 */
export async function verifierMatches(verifier: string, challenge: string): Promise<boolean> {
  if (!CODE_VERIFIER.test(verifier)) return false;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  return secretsMatch(encodeBase64Url(digest), challenge);
}
