import type { OAuthErrorCode } from '../oauth-error';

/**
 * The redirect back to the app: `code` or `error`/`error_description`, the app's `state`, and
 * `iss` so the app can tell which server answered. 302 for the GET of the authorization
 * endpoint, 303 after a form POST (so the browser follows with a GET).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-2
 */
export function redirectToApp(redirectUri: string, parameters: Record<string, string | undefined>, issuer: string, afterPost: boolean): Response {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(parameters)) if (value !== undefined) url.searchParams.append(name, value);
  url.searchParams.append('iss', issuer);
  return new Response(null, { status: afterPost ? 303 : 302, headers: { Location: url.toString(), 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' } });
}

export function redirectError(
  target: { redirectUri: string; state?: string | null },
  error: OAuthErrorCode,
  description: string,
  issuer: string,
  afterPost: boolean,
): Response {
  return redirectToApp(target.redirectUri, { error, error_description: description, state: target.state ?? undefined }, issuer, afterPost);
}
