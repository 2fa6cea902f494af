import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  clientCredentials,
  clientKey,
  createPractice,
  createSmartTestApp,
  oauthError,
  registerClient,
  requestToken,
  signAssertion,
  type ClientKey,
  type SmartTestApp,
} from './smart-fixture';

/**
 * Clients that register a `jwks_uri` (the preferred way in SMART's asymmetric profile): the JWK
 * Set is fetched through the injected fetch (here: msw), cached per its Cache-Control, refetched
 * once for an unknown kid, and never followed through redirects.
 */

interface Published {
  keys: unknown[];
  headers?: Record<string, string>;
  status?: number;
}

/** What each JWKS URL serves right now, and how often it was fetched. */
const published = new Map<string, Published>();
const fetches = new Map<string, number>();
const server = setupServer(
  http.get('https://ehr.example/:path*', ({ request }) => {
    const url = request.url;
    fetches.set(url, (fetches.get(url) ?? 0) + 1);
    const served = published.get(url);
    if (!served) return new HttpResponse(null, { status: 404 });
    return HttpResponse.json({ keys: served.keys }, { status: served.status ?? 200, headers: served.headers ?? {} });
  }),
);

let t: SmartTestApp;
let practiceId: string;

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  t = await createSmartTestApp();
  practiceId = (await createPractice(t)).id;
});
afterEach(() => server.resetHandlers());
afterAll(async () => {
  server.close();
  await t.close();
});

let counter = 0;
/** A client whose keys live at a fresh URL serving `keys`; returns its id and URL. */
async function urlClient(keys: ClientKey[], headers?: Record<string, string>): Promise<{ clientId: string; url: string }> {
  const url = `https://ehr.example/jwks/${++counter}.json`;
  published.set(url, { keys: keys.map((key) => key.publicJwk), ...(headers ? { headers } : {}) });
  const response = await registerClient(t, practiceId, {
    grant_types: ['client_credentials'],
    token_endpoint_auth_method: 'private_key_jwt',
    jwks_uri: url,
    scope: 'system/*.rs',
  });
  expect(response.status).toBe(201);
  return { clientId: (await response.json()).client_id, url };
}

const tokenStatus = async (clientId: string, key: ClientKey, header: Record<string, unknown> = {}) =>
  (await requestToken(t, clientCredentials(await signAssertion(t, clientId, key, { header })))).status;

describe('a client with a JWKS URL', () => {
  it('gets tokens, and the JWKS is fetched once for many requests', async () => {
    const key = await clientKey('ES384');
    const { clientId, url } = await urlClient([key]);

    expect(await tokenStatus(clientId, key)).toBe(200);
    expect(await tokenStatus(clientId, key)).toBe(200);
    expect(await tokenStatus(clientId, key)).toBe(200);

    expect(fetches.get(url)).toBe(1);
  });

  it('accepts a jku header equal to the registered jwks_uri and refuses any other', async () => {
    const key = await clientKey('RS384');
    const { clientId, url } = await urlClient([key]);

    expect(await tokenStatus(clientId, key, { jku: url })).toBe(200);
    const response = await requestToken(t, clientCredentials(await signAssertion(t, clientId, key, { header: { jku: 'https://ehr.example/other.json' } })));
    expect(await oauthError(response)).toMatchObject({ error: 'invalid_client', error_description: expect.stringMatching(/jku is not the jwks_uri/) });
  });

  it('follows a key rotation: an unknown kid refetches the JWKS once', async () => {
    const old = await clientKey('RS384');
    const rotated = await clientKey('RS384');
    const { clientId, url } = await urlClient([old]);
    expect(await tokenStatus(clientId, old)).toBe(200);

    published.set(url, { keys: [rotated.publicJwk] });

    expect(await tokenStatus(clientId, rotated)).toBe(200);
    expect(fetches.get(url)).toBe(2);
  });

  it('refetches for an unknown kid at most once per cooldown, so made-up kids cause no fetch storm', async () => {
    const key = await clientKey('ES384');
    const { clientId, url } = await urlClient([key]);
    expect(await tokenStatus(clientId, key)).toBe(200);

    for (const kid of ['made-up-1', 'made-up-2', 'made-up-3']) {
      const response = await requestToken(t, clientCredentials(await signAssertion(t, clientId, key, { header: { kid } })));
      expect((await oauthError(response)).error_description).toMatch(new RegExp(`kid "${kid}" matches no EC key`));
    }

    expect(fetches.get(url)).toBe(2);
  });

  it('refuses a kid that matches two keys of the JWKS as ambiguous', async () => {
    const first = await clientKey('RS384', 'same-kid');
    const second = await clientKey('RS384', 'same-kid');
    const { clientId } = await urlClient([first, second]);

    const response = await requestToken(t, clientCredentials(await signAssertion(t, clientId, first)));

    expect(await oauthError(response)).toMatchObject({ error: 'invalid_client', error_description: expect.stringMatching(/matches 2 RSA keys .* exactly one/) });
  });

  it('honours Cache-Control max-age: keys are fetched again only once it has passed', async () => {
    const key = await clientKey('ES384');
    const { clientId, url } = await urlClient([key], { 'cache-control': 'public, max-age=60' });
    expect(await tokenStatus(clientId, key)).toBe(200);

    t.clock.advance(30_000);
    expect(await tokenStatus(clientId, key)).toBe(200);
    expect(fetches.get(url)).toBe(1);

    t.clock.advance(31_000);
    expect(await tokenStatus(clientId, key)).toBe(200);
    expect(fetches.get(url)).toBe(2);
  });

  it('does not keep keys served with Cache-Control no-store', async () => {
    const key = await clientKey('ES384');
    const { clientId, url } = await urlClient([key], { 'cache-control': 'no-store' });

    expect(await tokenStatus(clientId, key)).toBe(200);
    expect(await tokenStatus(clientId, key)).toBe(200);

    expect(fetches.get(url)).toBe(2);
  });

  it('refuses a JWKS URL that answers with an error', async () => {
    const key = await clientKey('ES384');
    const { clientId, url } = await urlClient([key]);
    published.set(url, { keys: [], status: 503 });

    const response = await requestToken(t, clientCredentials(await signAssertion(t, clientId, key)));

    expect(await oauthError(response)).toMatchObject({ error: 'invalid_client', error_description: expect.stringMatching(/answered HTTP 503/) });
  });

  it('does not follow a redirect from the JWKS URL', async () => {
    const key = await clientKey('ES384');
    const { clientId, url } = await urlClient([key]);
    server.use(http.get(url, () => new HttpResponse(null, { status: 302, headers: { location: 'https://ehr.example/elsewhere.json' } })));

    const response = await requestToken(t, clientCredentials(await signAssertion(t, clientId, key)));

    expect(await oauthError(response)).toMatchObject({ error: 'invalid_client', error_description: expect.stringMatching(/redirect \(HTTP 302\)/) });
  });

  it('refuses a JWKS URL that serves private key material', async () => {
    const key = await clientKey('ES384');
    const { clientId, url } = await urlClient([key]);
    published.set(url, { keys: [key.privateJwk] });

    const response = await requestToken(t, clientCredentials(await signAssertion(t, clientId, key)));

    expect(await oauthError(response)).toMatchObject({ error: 'invalid_client', error_description: expect.stringMatching(/private key material/) });
  });
});
