import { getCookie } from 'hono/cookie';
import type { Context } from 'hono';
import { encodeBase64Url } from '../../../lib/base64url';
import { secretsMatch } from '../../../lib/constant-time';
import { sha256Base64Url } from '../../auth/sha256';

/** How long a trainer has to finish an authorization request. */
export const AUTHORIZATION_REQUEST_LIFETIME_MS = 10 * 60_000;

/** The cookie of one flow: named after its request, so parallel flows in one browser do not collide. */
export function bindingCookieName(requestId: string): string {
  return `mb_authz_${requestId.replaceAll('-', '')}`;
}

/** A new browser-binding token: its SHA-256 goes into the request row, the token into a cookie and every form. */
export async function newBinding(requestId: string, secure: boolean): Promise<{ token: string; hash: string; setCookie: string }> {
  const token = encodeBase64Url(crypto.getRandomValues(new Uint8Array(32)));
  const attributes = [`Path=/oauth/authorize`, 'HttpOnly', 'SameSite=Strict', `Max-Age=${AUTHORIZATION_REQUEST_LIFETIME_MS / 1000}`, ...(secure ? ['Secure'] : [])];
  return { token, hash: await sha256Base64Url(token), setCookie: `${bindingCookieName(requestId)}=${token}; ${attributes.join('; ')}` };
}

/**
 * CSRF protection of every form of the flow: the form's `binding` field must equal the flow's
 * cookie and hash to the value stored with the request, so a form cannot be submitted from
 * another site or another browser than the one that started the flow.
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html#signed-double-submit-cookie-recommended
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.12
 */
export async function bindingMatches(c: Context, requestId: string, formToken: string | undefined, storedHash: string): Promise<boolean> {
  const cookie = getCookie(c, bindingCookieName(requestId));
  if (!formToken || !cookie) return false;
  const [sameToken, hashMatches] = await Promise.all([secretsMatch(formToken, cookie), secretsMatch(await sha256Base64Url(formToken), storedHash)]);
  return sameToken && hashMatches;
}
