import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app';
import { tokenAuthentication } from '../../../src/api/auth/token-authentication';
import { parseConfig } from '../../../src/config';
import { systemClock } from '../../../src/lib/clock';
import { recordingLogger } from '../../../src/lib/logger';
import { clientKey, createPractice, createSmartTestApp, FHIR_BASE, obtainToken, PUBLIC_URL, registerBackendClient, TOKEN_URL, type SmartTestApp } from './smart-fixture';

/** SMART discovery, OpenID Provider metadata and the server's JWKS: public, JSON, complete. */

let t: SmartTestApp;
beforeAll(async () => {
  t = await createSmartTestApp();
});
afterAll(() => t.close());

describe('GET /fhir/.well-known/smart-configuration', () => {
  it('is public application/json with every field SMART and MetBridge advertise', async () => {
    const response = await t.app.request('/fhir/.well-known/smart-configuration', { headers: { accept: 'application/fhir+json' } });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({
      issuer: PUBLIC_URL,
      jwks_uri: `${PUBLIC_URL}/.well-known/jwks.json`,
      authorization_endpoint: `${PUBLIC_URL}/oauth/authorize`,
      token_endpoint: TOKEN_URL,
      introspection_endpoint: `${PUBLIC_URL}/oauth/introspect`,
      revocation_endpoint: `${PUBLIC_URL}/oauth/revoke`,
      registration_endpoint: `${PUBLIC_URL}/oauth/register`,
      grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
      token_endpoint_auth_methods_supported: ['private_key_jwt', 'client_secret_basic'],
      token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
      scopes_supported: expect.arrayContaining(['openid', 'fhirUser', 'launch/patient', 'offline_access', 'system/*.rs', 'system/*.read', 'patient/*.rs', 'user/*.cruds']),
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      capabilities: expect.arrayContaining([
        'launch-standalone',
        'client-public',
        'client-confidential-symmetric',
        'client-confidential-asymmetric',
        'sso-openid-connect',
        'context-standalone-patient',
        'permission-offline',
        'permission-patient',
        'permission-user',
        'permission-v1',
        'permission-v2',
        'authorize-post',
      ]),
    });
  });

  it('is served at the root too, identically', async () => {
    const underFhir = await (await t.app.request('/fhir/.well-known/smart-configuration')).text();
    const atRoot = await t.app.request('/.well-known/smart-configuration');

    expect(atRoot.headers.get('content-type')).toBe('application/json');
    expect(await atRoot.text()).toBe(underFhir);
  });

  it('never advertises PKCE plain', async () => {
    const body = await (await t.app.request('/.well-known/smart-configuration')).json();

    expect(body.code_challenge_methods_supported).not.toContain('plain');
  });

  it('omits registration_endpoint when the admin API is disabled', async () => {
    const config = parseConfig({ PUBLIC_URL });
    const database = { forRequest: () => t.db };
    const bare = createApp({ config, clock: systemClock, logger: recordingLogger(), database, ...tokenAuthentication({ config, clock: systemClock, database }) });

    const body = await (await bare.request('/fhir/.well-known/smart-configuration')).json();

    expect(body).not.toHaveProperty('registration_endpoint');
    expect(body.token_endpoint).toBe(TOKEN_URL);
  });
});

describe('GET /.well-known/openid-configuration', () => {
  it('describes the same issuer, endpoints and keys for OpenID Connect', async () => {
    const response = await t.app.request('/.well-known/openid-configuration');

    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toMatchObject({
      issuer: PUBLIC_URL,
      authorization_endpoint: `${PUBLIC_URL}/oauth/authorize`,
      token_endpoint: TOKEN_URL,
      jwks_uri: `${PUBLIC_URL}/.well-known/jwks.json`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
  });
});

describe('GET /.well-known/jwks.json', () => {
  it('publishes an ES256 and an RS256 public key, each with a kid, and no private members', async () => {
    const response = await t.app.request('/.well-known/jwks.json');

    expect(response.status).toBe(200);
    const { keys } = await response.json();
    expect(new Set(keys.map((key: { alg: string }) => key.alg))).toEqual(new Set(['ES256', 'RS256']));
    for (const key of keys) {
      expect(key).toMatchObject({ kid: expect.any(String), use: 'sig' });
      for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) expect(key).not.toHaveProperty(member);
    }
  });

  it('names the key that signs access tokens', async () => {
    const practice = await createPractice(t);
    const key = await clientKey('ES384');
    const clientId = await registerBackendClient(t, practice.id, [key]);

    const { access_token } = await obtainToken(t, clientId, key);

    const { keys } = await (await t.app.request('/.well-known/jwks.json')).json();
    const header = decodeProtectedHeader(access_token);
    expect(header).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    expect(keys.map((jwk: { kid: string }) => jwk.kid)).toContain(header.kid);
  });

  it('holds the same access-token key for another process over the same database: keys live in PostgreSQL', async () => {
    const config = parseConfig({ PUBLIC_URL });
    const database = { forRequest: () => t.db };
    const otherProcess = createApp({ config, clock: systemClock, logger: recordingLogger(), database, ...tokenAuthentication({ config, clock: systemClock, database }) });

    const mine = await (await t.app.request('/.well-known/jwks.json')).json();
    const theirs = await (await otherProcess.request('/.well-known/jwks.json')).json();

    const accessTokenKeys = (jwks: { keys: { alg: string }[] }) => jwks.keys.filter((key) => key.alg === 'ES256');
    expect(accessTokenKeys(theirs)).toEqual(accessTokenKeys(mine));
  });
});

describe('the FHIR base', () => {
  it('still requires a token for everything but metadata and discovery', async () => {
    expect((await t.app.request('/fhir/Patient')).status).toBe(401);
    expect((await t.app.request('/fhir/metadata')).status).toBe(200);
    expect(FHIR_BASE).toBe(`${PUBLIC_URL}/fhir`);
  });
});
