import { exportJWK, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { RemoteJwksCache } from '../../../../src/api/smart/jwks/remote-jwks-cache';
import { fixedClock } from '../../../../src/lib/clock';

const URL_ = 'https://ehr.example/jwks.json';
let body: string;

beforeAll(async () => {
  const { publicKey } = await generateKeyPair('RS384');
  body = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1' }] });
});

function counting(headers: Record<string, string> = {}) {
  let calls = 0;
  const fetch: typeof globalThis.fetch = async () => {
    calls++;
    await new Promise((resolve) => setTimeout(resolve, 5));
    return new Response(body, { headers });
  };
  return { fetch, calls: () => calls };
}

describe('RemoteJwksCache', () => {
  it('shares one fetch between concurrent lookups of the same URL', async () => {
    const source = counting();
    const cache = new RemoteJwksCache({ fetch: source.fetch, clock: fixedClock(new Date()) });

    const results = await Promise.all([cache.keys(URL_), cache.keys(URL_), cache.keys(URL_)]);

    expect(results.every((result) => result.ok)).toBe(true);
    expect(source.calls()).toBe(1);
  });

  it('allows one forced refetch per cooldown', async () => {
    const clock = fixedClock(new Date());
    const source = counting();
    const cache = new RemoteJwksCache({ fetch: source.fetch, clock, refetchCooldownMs: 30_000 });
    await cache.keys(URL_);

    expect(await cache.refetch(URL_)).toMatchObject({ ok: true });
    expect(await cache.refetch(URL_)).toBeUndefined();
    clock.advance(30_000);
    expect(await cache.refetch(URL_)).toMatchObject({ ok: true });

    expect(source.calls()).toBe(3);
  });

  it('keeps keys as long as max-age says, then fetches again', async () => {
    const clock = fixedClock(new Date());
    const source = counting({ 'cache-control': 'max-age=10' });
    const cache = new RemoteJwksCache({ fetch: source.fetch, clock });

    await cache.keys(URL_);
    clock.advance(9_999);
    await cache.keys(URL_);
    expect(source.calls()).toBe(1);
    clock.advance(1);
    await cache.keys(URL_);
    expect(source.calls()).toBe(2);
  });
});
