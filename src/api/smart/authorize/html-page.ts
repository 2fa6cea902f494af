import { encodeBase64Url } from '../../../lib/base64url';
import { NO_STORE_HEADERS } from '../oauth-error';

/** Text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1d2733}
h1{font-size:1.4rem}label{display:block;margin:.8rem 0 .2rem}input[type=email],input[type=password],input[type=search]{width:100%;padding:.4rem}
button{margin:1rem .5rem 0 0;padding:.5rem 1rem}.problem{color:#a3201b}li{margin:.3rem 0}`;

export interface HtmlPageOptions {
  status?: number;
  /** Origins a form on the page may be redirected to after submission (the app's redirect URI). */
  formTargets?: readonly string[];
  headers?: Record<string, string>;
}

/**
 * A server-rendered page of the authorization flow: no scripts at all, one nonce-bound style
 * element, forms posting only to this server (and redirecting only to the app), never framed,
 * never cached, never sending a Referer.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.13
 * @see https://www.w3.org/TR/CSP3/#directive-form-action
 */
export function htmlPage(title: string, body: string, options: HtmlPageOptions = {}): Response {
  const nonce = encodeBase64Url(crypto.getRandomValues(new Uint8Array(16)));
  const formAction = ["'self'", ...(options.formTargets ?? [])].join(' ');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)} — MetBridge</title><style nonce="${nonce}">${STYLE}</style></head><body>${body}</body></html>`;
  return new Response(html, {
    status: options.status ?? 200,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': `default-src 'none'; style-src 'nonce-${nonce}'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      ...NO_STORE_HEADERS,
      ...options.headers,
    },
  });
}

/** An error the user must see because the app cannot be trusted with it (bad client or redirect URI). */
export function errorPage(message: string, status = 400): Response {
  return htmlPage('Authorization failed', `<h1>This app's request cannot be accepted</h1><p class="problem">${escapeHtml(message)}</p>`, { status });
}
