import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicCredentials, createTrainer, exchangeCode, launch, refresh, registerApp, type RegisteredApp, type Trainer } from './app-launch-fixture';
import { clientKey, createPractice, createSmartTestApp, FHIR_BASE, JWT_BEARER, obtainToken, PUBLIC_URL, registerBackendClient, signAssertion, type ClientKey, type SmartTestApp } from './smart-fixture';

/** Token introspection (RFC 7662): authenticated clients of the token's practice only. */

let t: SmartTestApp;
let practice: { id: string; organizationId: string };
let trainer: Trainer;
let app: RegisteredApp;
let resourceServer: RegisteredApp;

beforeAll(async () => {
  t = await createSmartTestApp();
  practice = await createPractice(t, 'Introspection Practice');
  trainer = await createTrainer(t, practice.id);
  app = await registerApp(t, practice.id);
  resourceServer = await registerApp(t, practice.id, { token_endpoint_auth_method: 'client_secret_basic' });
});
afterAll(() => t.close());

async function introspect(app: SmartTestApp, token: string, caller: RegisteredApp = resourceServer): Promise<Response> {
  return app.app.request('/oauth/introspect', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basicCredentials(caller.clientId, caller.clientSecret!)}` },
    body: new URLSearchParams({ token }).toString(),
  });
}

async function userTokens(scope = 'openid fhirUser user/*.rs offline_access') {
  const { code, verifier } = await launch(t, { app, trainer, scope });
  return (await exchangeCode(t, { code, verifier, clientId: app.clientId })).json();
}

describe('POST /oauth/introspect', () => {
  it('describes a live access token of its practice: active, scope, client, user, expiry', async () => {
    const tokens = await userTokens();

    const response = await introspect(t, tokens.access_token);
    const body = await response.json();

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(body).toMatchObject({
      active: true,
      token_type: 'Bearer',
      scope: tokens.scope,
      client_id: app.clientId,
      sub: trainer.id,
      iss: PUBLIC_URL,
      aud: FHIR_BASE,
      fhirUser: `${FHIR_BASE}/Practitioner/${trainer.practitionerId}`,
    });
    expect(body.exp - body.iat).toBe(300);
  });

  it('describes a current refresh token, and answers active false once it is rotated', async () => {
    const tokens = await userTokens();

    expect(await (await introspect(t, tokens.refresh_token)).json()).toMatchObject({ active: true, token_type: 'refresh_token', client_id: app.clientId, sub: trainer.id });
    await refresh(t, app.clientId, tokens.refresh_token);
    expect(await (await introspect(t, tokens.refresh_token)).json()).toEqual({ active: false });
  });

  it('answers active false, and nothing more, for an expired access token', async () => {
    const own = await createSmartTestApp();
    try {
      const ownPractice = await createPractice(own);
      const ownApp = await registerApp(own, ownPractice.id);
      const caller = await registerApp(own, ownPractice.id, { token_endpoint_auth_method: 'client_secret_basic' });
      const { code, verifier } = await launch(own, { app: ownApp, trainer: await createTrainer(own, ownPractice.id) });
      const tokens = await (await exchangeCode(own, { code, verifier, clientId: ownApp.clientId })).json();
      own.clock.advance(301_000);

      expect(await (await introspect(own, tokens.access_token, caller)).json()).toEqual({ active: false });
    } finally {
      await own.close();
    }
  });

  it('answers active false for a revoked access token', async () => {
    const tokens = await userTokens();
    await t.app.request('/oauth/revoke', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: tokens.access_token, client_id: app.clientId }).toString(),
    });

    expect(await (await introspect(t, tokens.access_token)).json()).toEqual({ active: false });
  });

  it('answers active false for malformed and unknown tokens', async () => {
    for (const token of ['not-a-token', 'a.b.c', 'x'.repeat(43), 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.']) {
      expect(await (await introspect(t, token)).json()).toEqual({ active: false });
    }
  });

  it("answers active false for another practice's token", async () => {
    const other = await createPractice(t, 'Other Introspection Practice');
    const foreignCaller = await registerApp(t, other.id, { token_endpoint_auth_method: 'client_secret_basic' });
    const tokens = await userTokens();

    expect(await (await introspect(t, tokens.access_token, foreignCaller)).json()).toEqual({ active: false });
    expect(await (await introspect(t, tokens.refresh_token, foreignCaller)).json()).toEqual({ active: false });
  });

  it('answers a backend service authenticated with a client assertion', async () => {
    const key: ClientKey = await clientKey('ES384');
    const backend = await registerBackendClient(t, practice.id, [key]);
    const { access_token } = await obtainToken(t, backend, key);

    const response = await t.app.request('/oauth/introspect', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: access_token, client_assertion_type: JWT_BEARER, client_assertion: await signAssertion(t, backend, key) }).toString(),
    });

    expect(await response.json()).toMatchObject({ active: true, client_id: backend, sub: backend });
  });

  it('refuses unauthenticated callers, wrong secrets and public clients with 401 invalid_client', async () => {
    const tokens = await userTokens('user/*.rs');
    const post = (headers: Record<string, string>, extra: Record<string, string> = {}) =>
      t.app.request('/oauth/introspect', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams({ token: tokens.access_token, ...extra }).toString() });

    const anonymous = await post({});
    const wrongSecret = await post({ authorization: `Basic ${basicCredentials(resourceServer.clientId, 'wrong')}` });
    const publicClient = await post({}, { client_id: app.clientId });

    for (const response of [anonymous, wrongSecret, publicClient]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Basic realm="metbridge", charset="UTF-8"');
      expect((await response.json()).error).toBe('invalid_client');
    }
  });
});
