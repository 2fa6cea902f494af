import { parseClientJwks, type ClientJwk } from './public-jwks';

/**
 * One bounded GET of a client's JWK Set URL: a timeout, a size cap, no redirects followed, and
 * the response's `Cache-Control` turned into how long the keys may be kept.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/client-confidential-asymmetric.html#signature-verification
 */

export interface JwksFetchLimits {
  timeoutMs: number;
  maxBytes: number;
  /** How long to keep keys when the response says nothing about caching. */
  defaultMaxAgeMs: number;
  /** Never keep keys longer than this, whatever the response says. */
  maxMaxAgeMs: number;
}

export type JwksFetchResult = { ok: true; keys: ClientJwk[]; maxAgeMs: number } | { ok: false; problem: string };

const LABEL = 'the JWKS at jwks_uri';

export async function fetchJwks(fetcher: typeof fetch, url: string, limits: JwksFetchLimits): Promise<JwksFetchResult> {
  let response: Response;
  try {
    response = await fetcher(url, {
      method: 'GET',
      headers: { accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(limits.timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return { ok: false, problem: timedOut ? `${LABEL} did not answer within ${limits.timeoutMs} ms.` : `${LABEL} could not be reached.` };
  }
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    discard(response.body);
    return { ok: false, problem: `${LABEL} answered with a redirect (HTTP ${response.status}); redirects are not followed.` };
  }
  if (response.status !== 200) {
    discard(response.body);
    return { ok: false, problem: `${LABEL} answered HTTP ${response.status}.` };
  }
  const text = await readCapped(response, limits.maxBytes);
  if (text === undefined) return { ok: false, problem: `${LABEL} is larger than ${limits.maxBytes} bytes.` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: `${LABEL} is not JSON.` };
  }
  const parsed = parseClientJwks(json, { strict: false, label: LABEL });
  if (!parsed.ok) return { ok: false, problem: parsed.problems.join(' ') };
  return { ok: true, keys: parsed.keys, maxAgeMs: cacheLifetime(response.headers.get('cache-control'), limits) };
}

/**
 * How long a response may be reused: `no-store`/`no-cache` → not at all, `max-age` → that long
 * (capped), nothing → the default.
 * @see https://www.rfc-editor.org/rfc/rfc9111#section-5.2.2
 */
export function cacheLifetime(cacheControl: string | null, limits: Pick<JwksFetchLimits, 'defaultMaxAgeMs' | 'maxMaxAgeMs'>): number {
  if (!cacheControl) return limits.defaultMaxAgeMs;
  const directives = cacheControl.toLowerCase().split(',').map((part) => part.trim());
  if (directives.some((directive) => directive === 'no-store' || directive === 'no-cache')) return 0;
  const maxAge = directives.map((directive) => /^max-age\s*=\s*"?(\d+)"?$/.exec(directive)).find(Boolean);
  if (!maxAge) return limits.defaultMaxAgeMs;
  return Math.min(Number(maxAge[1]) * 1000, limits.maxMaxAgeMs);
}

/** The body as text, or undefined as soon as it exceeds `maxBytes` (declared or actual). */
async function readCapped(response: Response, maxBytes: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    discard(response.body);
    return undefined;
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      discard(reader);
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/**
 * Releases a body that will not be read. Not awaited: a cancelled stream may settle only when its
 * source does, and the answer must not wait for a misbehaving server.
 */
function discard(stream: { cancel(): Promise<void> } | null): void {
  stream?.cancel().catch(() => {});
}
