import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeQuery, Browser, createTrainer, exchangeCode, launch, pkcePair, redirectParameters, registerApp, type RegisteredApp, type Trainer } from './app-launch-fixture';
import { createPractice, createSmartTestApp, oauthError, type SmartTestApp } from './smart-fixture';

/** PKCE (RFC 7636): S256 only, required of every client, verified at the token endpoint. */

let t: SmartTestApp;
let app: RegisteredApp;
let trainer: Trainer;

beforeAll(async () => {
  t = await createSmartTestApp();
  const practice = await createPractice(t, 'PKCE Practice');
  trainer = await createTrainer(t, practice.id);
  app = await registerApp(t, practice.id);
});
afterAll(() => t.close());

async function authorizeWith(parameters: Record<string, string | undefined>) {
  const { challenge } = await pkcePair();
  return new Browser(t).request(`/oauth/authorize?${authorizeQuery({ clientId: app.clientId, challenge, state: 'pkce-state', ...parameters })}`);
}

describe('PKCE at the authorization endpoint', () => {
  it('refuses code_challenge_method plain with invalid_request at the redirect URI', async () => {
    const redirect = redirectParameters(await authorizeWith({ code_challenge_method: 'plain' }));

    expect(redirect.get('error')).toBe('invalid_request');
    expect(redirect.get('error_description')).toContain('plain is refused');
    expect(redirect.get('state')).toBe('pkce-state');
  });

  it('refuses a request without code_challenge', async () => {
    const redirect = redirectParameters(await authorizeWith({ code_challenge: undefined }));

    expect(redirect.get('error')).toBe('invalid_request');
    expect(redirect.get('error_description')).toContain('PKCE is required');
  });

  it('refuses a request without code_challenge_method', async () => {
    expect(redirectParameters(await authorizeWith({ code_challenge_method: undefined })).get('error')).toBe('invalid_request');
  });

  it('refuses a code_challenge that is not a base64url SHA-256', async () => {
    expect(redirectParameters(await authorizeWith({ code_challenge: 'too-short' })).get('error')).toBe('invalid_request');
  });
});

describe('PKCE at the token endpoint', () => {
  it('refuses a wrong code_verifier with invalid_grant', async () => {
    const { code } = await launch(t, { app, trainer });
    const other = await pkcePair();

    const refused = await oauthError(await exchangeCode(t, { code, verifier: other.verifier, clientId: app.clientId }));

    expect(refused).toMatchObject({ status: 400, error: 'invalid_grant', error_description: expect.stringContaining('code_challenge') });
  });

  it('refuses an exchange without code_verifier', async () => {
    const { code } = await launch(t, { app, trainer });

    expect(await oauthError(await exchangeCode(t, { code, clientId: app.clientId }))).toMatchObject({ error: 'invalid_request', error_description: expect.stringContaining('code_verifier') });
  });

  it('accepts the right verifier after a wrong one: a failed check does not use the code up', async () => {
    const { code, verifier } = await launch(t, { app, trainer });
    await exchangeCode(t, { code, verifier: (await pkcePair()).verifier, clientId: app.clientId });

    expect((await exchangeCode(t, { code, verifier, clientId: app.clientId })).status).toBe(200);
  });
});
