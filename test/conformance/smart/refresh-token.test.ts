import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrainer, exchangeCode, launch, refresh, registerApp, type RegisteredApp, type Trainer } from './app-launch-fixture';
import { createPractice, createSmartTestApp, oauthError, type SmartTestApp } from './smart-fixture';

/** Refresh tokens: only with offline_access, rotated on every use, reuse revokes the family. */

let t: SmartTestApp;
let practice: { id: string; organizationId: string };
let app: RegisteredApp;
let trainer: Trainer;

beforeAll(async () => {
  t = await createSmartTestApp();
  practice = await createPractice(t, 'Refresh Practice');
  trainer = await createTrainer(t, practice.id);
  app = await registerApp(t, practice.id);
});
afterAll(() => t.close());

async function tokens(scope = 'openid user/*.rs offline_access') {
  const { code, verifier } = await launch(t, { app, trainer, scope });
  return (await exchangeCode(t, { code, verifier, clientId: app.clientId })).json();
}
const fhirStatus = async (accessToken: string) =>
  (await t.app.request(`/fhir/Organization/${practice.organizationId}`, { headers: { authorization: `Bearer ${accessToken}` } })).status;

describe('refresh tokens', () => {
  it('are issued only when offline_access is granted', async () => {
    expect(await tokens('user/*.rs')).not.toHaveProperty('refresh_token');
    expect((await tokens()).refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('are not issued to a client that is not registered for the refresh_token grant', async () => {
    const noRefresh = await registerApp(t, practice.id, { grant_types: ['authorization_code'], scope: 'user/*.rs offline_access' });
    const { code, verifier } = await launch(t, { app: noRefresh, trainer, scope: 'user/*.rs offline_access' });

    const body = await (await exchangeCode(t, { code, verifier, clientId: noRefresh.clientId })).json();

    expect(body).not.toHaveProperty('refresh_token');
    expect(body.scope).toBe('user/*.rs');
  });

  it('rotate on every use: a new refresh token and access token for the same trainer and scope', async () => {
    const first = await tokens();

    const response = await refresh(t, app.clientId, first.refresh_token);
    const second = await response.json();

    expect(response.status).toBe(200);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.scope).toBe(first.scope);
    expect(decodeJwt(second.access_token)).toMatchObject({ sub: trainer.id, user_id: trainer.id });
    expect(second.id_token).toBeTruthy();
    expect((await refresh(t, app.clientId, second.refresh_token)).status).toBe(200);
  });

  it('reused after rotation: refused, and the whole family is revoked, access tokens included', async () => {
    const first = await tokens();
    const second = await (await refresh(t, app.clientId, first.refresh_token)).json();
    expect(await fhirStatus(second.access_token)).toBe(200);

    const reused = await oauthError(await refresh(t, app.clientId, first.refresh_token));

    expect(reused).toMatchObject({ status: 400, error: 'invalid_grant', error_description: expect.stringContaining('already used') });
    expect((await oauthError(await refresh(t, app.clientId, second.refresh_token))).error).toBe('invalid_grant');
    expect(await fhirStatus(second.access_token)).toBe(401);
    expect(await fhirStatus(first.access_token)).toBe(401);
  });

  it('may narrow the scope of the new access token but never widen it', async () => {
    const first = await tokens('user/*.rs offline_access');

    const narrowed = await (await refresh(t, app.clientId, first.refresh_token, { scope: 'user/Observation.rs' })).json();
    const widened = await oauthError(await refresh(t, app.clientId, narrowed.refresh_token, { scope: 'user/*.cruds' }));

    expect(narrowed.scope).toBe('user/Observation.rs');
    expect(narrowed.refresh_token).toBeTruthy();
    expect(widened).toMatchObject({ error: 'invalid_scope' });
  });

  it('are bound to the client they were issued to', async () => {
    const first = await tokens();
    const otherApp = await registerApp(t, practice.id);

    expect((await oauthError(await refresh(t, otherApp.clientId, first.refresh_token))).error).toBe('invalid_grant');
    expect((await refresh(t, app.clientId, first.refresh_token)).status).toBe(200);
  });

  it('expire', async () => {
    const own = await createSmartTestApp();
    try {
      const ownPractice = await createPractice(own);
      const ownApp = await registerApp(own, ownPractice.id);
      const { code, verifier } = await launch(own, { app: ownApp, trainer: await createTrainer(own, ownPractice.id), scope: 'user/*.rs offline_access' });
      const first = await (await exchangeCode(own, { code, verifier, clientId: ownApp.clientId })).json();
      own.clock.advance(31 * 24 * 60 * 60_000);

      expect(await oauthError(await refresh(own, ownApp.clientId, first.refresh_token))).toMatchObject({ error: 'invalid_grant', error_description: expect.stringContaining('expired') });
    } finally {
      await own.close();
    }
  });
});
