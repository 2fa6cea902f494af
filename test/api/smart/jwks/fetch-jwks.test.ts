import { exportJWK, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { cacheLifetime, fetchJwks, type JwksFetchLimits } from '../../../../src/api/smart/jwks/fetch-jwks';

const URL_ = 'https://ehr.example/jwks.json';
const limits: JwksFetchLimits = { timeoutMs: 200, maxBytes: 64 * 1024, defaultMaxAgeMs: 300_000, maxMaxAgeMs: 86_400_000 };
let jwks: string;

beforeAll(async () => {
  const { publicKey } = await generateKeyPair('ES384');
  jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1' }] });
});

/** A fetch that answers `response` and records the request it was given. */
function answering(response: () => Response, seen: RequestInit[] = []): typeof fetch {
  return async (_input, init) => {
    seen.push(init ?? {});
    return response();
  };
}

describe('fetchJwks', () => {
  it('GETs the URL as JSON without following redirects, under a timeout signal', async () => {
    const seen: RequestInit[] = [];

    const result = await fetchJwks(answering(() => new Response(jwks), seen), URL_, limits);

    expect(result).toMatchObject({ ok: true, maxAgeMs: 300_000 });
    expect(seen[0]).toMatchObject({ method: 'GET', redirect: 'manual', headers: { accept: 'application/json' } });
    expect(seen[0]?.signal).toBeInstanceOf(AbortSignal);
  });

  it('gives up after the timeout', async () => {
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));

    const result = await fetchJwks(hanging, URL_, limits);

    expect(result).toEqual({ ok: false, problem: 'the JWKS at jwks_uri did not answer within 200 ms.' });
  });

  it('refuses a body over the cap, declared or streamed', async () => {
    const big = 'x'.repeat(64 * 1024 + 1);
    const declared = await fetchJwks(answering(() => new Response(big, { headers: { 'content-length': String(big.length) } })), URL_, limits);
    const streamed = await fetchJwks(
      answering(() => new Response(new ReadableStream({ start: (controller) => (controller.enqueue(new TextEncoder().encode(big)), controller.close()) }))),
      URL_,
      limits,
    );

    for (const result of [declared, streamed]) expect(result).toEqual({ ok: false, problem: 'the JWKS at jwks_uri is larger than 65536 bytes.' });
  });

  it('refuses redirects, error statuses and bodies that are not a JWK Set', async () => {
    const redirect = await fetchJwks(answering(() => new Response(null, { status: 301, headers: { location: 'https://x.example' } })), URL_, limits);
    const missing = await fetchJwks(answering(() => new Response('nope', { status: 404 })), URL_, limits);
    const notJson = await fetchJwks(answering(() => new Response('<html>')), URL_, limits);
    const notASet = await fetchJwks(answering(() => new Response('{"kty":"EC"}')), URL_, limits);

    expect(redirect).toMatchObject({ ok: false, problem: expect.stringMatching(/redirect \(HTTP 301\)/) });
    expect(missing).toMatchObject({ ok: false, problem: expect.stringMatching(/HTTP 404/) });
    expect(notJson).toMatchObject({ ok: false, problem: expect.stringMatching(/not JSON/) });
    expect(notASet).toMatchObject({ ok: false, problem: expect.stringMatching(/must be a JWK Set/) });
  });
});

describe('cacheLifetime', () => {
  it('honours max-age, no-store and no-cache, caps long lifetimes, and defaults when silent', () => {
    expect(cacheLifetime('public, max-age=120', limits)).toBe(120_000);
    expect(cacheLifetime('no-store', limits)).toBe(0);
    expect(cacheLifetime('max-age=600, no-cache', limits)).toBe(0);
    expect(cacheLifetime('max-age=31536000', limits)).toBe(86_400_000);
    expect(cacheLifetime(null, limits)).toBe(300_000);
    expect(cacheLifetime('public', limits)).toBe(300_000);
  });
});
