import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app';
import { tokenAuthentication } from '../../../src/api/auth/token-authentication';
import { parseConfig } from '../../../src/config';
import { recordingLogger } from '../../../src/lib/logger';
import { basicCredentials, createTrainer, exchangeCode, launch, refresh, registerApp, type RegisteredApp, type Trainer } from './app-launch-fixture';
import { ADMIN_TOKEN, createPractice, createSmartTestApp, oauthError, PUBLIC_URL, type SmartTestApp } from './smart-fixture';

/** Token revocation (RFC 7009) and its effect at the FHIR API, in this process and in others. */

let t: SmartTestApp;
let practice: { id: string; organizationId: string };
let trainer: Trainer;
let app: RegisteredApp;

beforeAll(async () => {
  t = await createSmartTestApp();
  practice = await createPractice(t, 'Revocation Practice');
  trainer = await createTrainer(t, practice.id);
  app = await registerApp(t, practice.id);
});
afterAll(() => t.close());

async function userTokens(forApp: RegisteredApp = app) {
  const { code, verifier } = await launch(t, { app: forApp, trainer, scope: 'user/*.rs offline_access' });
  return (await exchangeCode(t, { code, verifier, clientId: forApp.clientId, ...(forApp.clientSecret ? { basic: basicCredentials(forApp.clientId, forApp.clientSecret) } : {}) })).json();
}

async function revoke(token: string, client: RegisteredApp = app, extra: Record<string, string> = {}): Promise<Response> {
  const basic = client.clientSecret ? { authorization: `Basic ${basicCredentials(client.clientId, client.clientSecret)}` } : undefined;
  return t.app.request('/oauth/revoke', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...basic },
    body: new URLSearchParams({ token, ...(basic ? {} : { client_id: client.clientId }), ...extra }).toString(),
  });
}

const fhirStatus = async (on: { request: SmartTestApp['app']['request'] }, accessToken: string) =>
  (await on.request(`/fhir/Organization/${practice.organizationId}`, { headers: { authorization: `Bearer ${accessToken}` } })).status;

describe('POST /oauth/revoke', () => {
  it('revokes an access token: the FHIR API refuses it at once with 401', async () => {
    const tokens = await userTokens();
    expect(await fhirStatus(t.app, tokens.access_token)).toBe(200);

    const response = await revoke(tokens.access_token, app, { token_type_hint: 'access_token' });

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const refused = await t.app.request(`/fhir/Organization/${practice.organizationId}`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });

  it('revokes a refresh token with its family: no more refreshes, and its access tokens are refused', async () => {
    const tokens = await userTokens();

    expect((await revoke(tokens.refresh_token, app, { token_type_hint: 'refresh_token' })).status).toBe(200);

    expect((await oauthError(await refresh(t, app.clientId, tokens.refresh_token))).error).toBe('invalid_grant');
    expect(await fhirStatus(t.app, tokens.access_token)).toBe(401);
  });

  it('answers 200 for unknown and malformed tokens', async () => {
    for (const token of ['x'.repeat(43), 'not.a.jwt', 'garbage']) expect((await revoke(token)).status).toBe(200);
  });

  it("answers 200 but changes nothing for another client's token", async () => {
    const tokens = await userTokens();
    const otherApp = await registerApp(t, practice.id);

    expect((await revoke(tokens.access_token, otherApp)).status).toBe(200);
    expect((await revoke(tokens.refresh_token, otherApp)).status).toBe(200);

    expect(await fhirStatus(t.app, tokens.access_token)).toBe(200);
    expect((await refresh(t, app.clientId, tokens.refresh_token)).status).toBe(200);
  });

  it('needs the client to authenticate as registered, and a token', async () => {
    const confidential = await registerApp(t, practice.id, { token_endpoint_auth_method: 'client_secret_basic' });
    const tokens = await userTokens(confidential);

    const wrongSecret = await revoke(tokens.access_token, { clientId: confidential.clientId, clientSecret: 'wrong' });
    const idOnly = await revoke(tokens.access_token, { clientId: confidential.clientId });
    const noToken = await revoke('', app);

    expect(wrongSecret.status).toBe(401);
    expect((await oauthError(idOnly)).error).toBe('invalid_client');
    expect(await oauthError(noToken)).toMatchObject({ status: 400, error: 'invalid_request' });
    expect(await fhirStatus(t.app, tokens.access_token)).toBe(200);
  });

  it('takes effect in another process over the same database within the 1 s poll interval', async () => {
    const config = parseConfig({ ADMIN_TOKEN, PUBLIC_URL });
    const database = { forRequest: () => t.db };
    const otherProcess = createApp({ config, clock: t.clock, logger: recordingLogger(), database, ...tokenAuthentication({ config, clock: t.clock, database }) });
    const tokens = await userTokens();
    expect(await fhirStatus(otherProcess, tokens.access_token)).toBe(200);

    await revoke(tokens.access_token);
    t.clock.advance(1_000);

    expect(await fhirStatus(otherProcess, tokens.access_token)).toBe(401);
  });
});
