import { encodeBase64Url } from '../../lib/base64url';

/** SHA-256 of UTF-8 text, base64url: how tokens, secrets and `jti`s are looked up without being kept. */
export async function sha256Base64Url(text: string): Promise<string> {
  return encodeBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))));
}
