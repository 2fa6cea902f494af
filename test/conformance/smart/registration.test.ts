import { eq } from 'drizzle-orm';
import { exportJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../../src/db/schema/audit-events';
import { oauthClients } from '../../../src/db/schema/oauth-clients';
import { ADMIN_TOKEN, clientKey, createPractice, createSmartTestApp, registerClient, type ClientKey, type SmartTestApp } from './smart-fixture';

/** RFC 7591 registration of a practice's clients through the admin API. */

let t: SmartTestApp;
let practiceId: string;
let key: ClientKey;

beforeAll(async () => {
  t = await createSmartTestApp();
  practiceId = (await createPractice(t)).id;
  key = await clientKey('ES384');
});
afterAll(() => t.close());

const backend = (extra: Record<string, unknown> = {}) => ({
  client_name: 'Riverside EHR',
  grant_types: ['client_credentials'],
  token_endpoint_auth_method: 'private_key_jwt',
  jwks: { keys: [key.publicJwk] },
  scope: 'system/Observation.rs system/Task.cu',
  ...extra,
});

async function expectRefused(response: Response, error: string, description: RegExp): Promise<void> {
  expect(response.status).toBe(400);
  const body = await response.json();
  expect(body.error).toBe(error);
  expect(body.error_description).toMatch(description);
}

describe('POST /admin/practices/{id}/clients', () => {
  it('registers a backend service with an inline JWKS and answers the RFC 7591 client information', async () => {
    const response = await registerClient(t, practiceId, backend());

    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json();
    expect(body).toEqual({
      client_id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      client_id_issued_at: expect.any(Number),
      client_name: 'Riverside EHR',
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [key.publicJwk] },
      scope: 'system/Observation.rs system/Task.cu',
      practice_id: practiceId,
    });
    const [row] = await t.db.select().from(oauthClients).where(eq(oauthClients.id, body.client_id));
    expect(row?.practiceId).toBe(practiceId);
  });

  it('registers a backend service with a jwks_uri', async () => {
    const response = await registerClient(t, practiceId, backend({ jwks: undefined, jwks_uri: 'https://ehr.example/.well-known/jwks.json' }));

    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ jwks_uri: 'https://ehr.example/.well-known/jwks.json' });
  });

  it('gives every client a different random client_id', async () => {
    const ids = await Promise.all([1, 2, 3].map(async () => (await (await registerClient(t, practiceId, backend())).json()).client_id));

    expect(new Set(ids).size).toBe(3);
  });

  it('registers a confidential symmetric app: the secret is returned once and only its hash is stored', async () => {
    const response = await registerClient(t, practiceId, {
      client_name: 'Trainer app',
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'client_secret_basic',
      redirect_uris: ['https://app.example/callback'],
      scope: 'openid fhirUser launch/patient offline_access patient/*.rs user/Observation.cruds',
    });

    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ client_secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), client_secret_expires_at: 0, redirect_uris: ['https://app.example/callback'] });
    const [row] = await t.db.select().from(oauthClients).where(eq(oauthClients.id, body.client_id));
    expect(row?.clientSecretHash).toMatch(/^sha256\$/);
    expect(JSON.stringify(row)).not.toContain(body.client_secret);
  });

  it('registers a public app (token_endpoint_auth_method none) without a secret', async () => {
    const response = await registerClient(t, practiceId, {
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'none',
      redirect_uris: ['http://127.0.0.1:5173/callback', 'http://localhost:5173/callback'],
      scope: 'launch/patient patient/Observation.read',
    });

    expect(response.status).toBe(201);
    expect(await response.json()).not.toHaveProperty('client_secret');
  });

  it('records an audit event in the same transaction', async () => {
    const { client_id } = await (await registerClient(t, practiceId, backend())).json();

    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, client_id));
    expect(events).toMatchObject([{ kind: 'oauth.client.register', action: 'C', agent: 'admin', practiceId, outcome: '0' }]);
  });
});

describe('client metadata that is refused', () => {
  it('refuses a JWKS containing private key material', async () => {
    const response = await registerClient(t, practiceId, backend({ jwks: { keys: [key.privateJwk] } }));

    await expectRefused(response, 'invalid_client_metadata', /jwks\.keys\[0\] contains private key material \(d\)/);
  });

  it('refuses a symmetric key and a key without kid', async () => {
    const { kid: _kid, ...withoutKid } = key.publicJwk;
    const response = await registerClient(t, practiceId, backend({ jwks: { keys: [{ kty: 'oct', kid: 'k' }, withoutKid] } }));

    await expectRefused(response, 'invalid_client_metadata', /keys\[0\] is a symmetric key.*keys\[1\] has no kid/);
  });

  it('refuses repeated kids and RSA keys under 2048 bits', async () => {
    const other = await clientKey('ES384', key.kid);
    const weak = await crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-384' },
      true,
      ['sign', 'verify'],
    );
    const weakJwk = { ...(await exportJWK(weak.publicKey)), kid: 'weak' };
    const response = await registerClient(t, practiceId, backend({ jwks: { keys: [key.publicJwk, other.publicJwk, weakJwk] } }));

    await expectRefused(response, 'invalid_client_metadata', /keys\[1\] repeats kid .*keys\[2\] is a 1024-bit RSA key; at least 2048 bits/);
  });

  it('needs exactly one of jwks and jwks_uri for private_key_jwt', async () => {
    await expectRefused(await registerClient(t, practiceId, backend({ jwks_uri: 'https://ehr.example/jwks.json' })), 'invalid_client_metadata', /exactly one of jwks/);
    await expectRefused(await registerClient(t, practiceId, backend({ jwks: undefined })), 'invalid_client_metadata', /exactly one of jwks/);
  });

  it('refuses a jwks_uri that is not https', async () => {
    await expectRefused(await registerClient(t, practiceId, backend({ jwks: undefined, jwks_uri: 'http://ehr.example/jwks.json' })), 'invalid_client_metadata', /jwks_uri must be an absolute https URL/);
  });

  it('refuses client_credentials with another authentication method', async () => {
    const response = await registerClient(t, practiceId, backend({ token_endpoint_auth_method: 'client_secret_basic', jwks: undefined }));

    await expectRefused(response, 'invalid_client_metadata', /client_credentials .* needs token_endpoint_auth_method private_key_jwt/);
  });

  it('refuses scopes that are not SMART scopes, and a backend client without system/ scopes', async () => {
    await expectRefused(await registerClient(t, practiceId, backend({ scope: 'system/Observation.dus admin' })), 'invalid_client_metadata', /not SMART scopes: system\/Observation\.dus admin/);
    await expectRefused(await registerClient(t, practiceId, backend({ scope: 'patient/*.rs' })), 'invalid_client_metadata', /must include system\/ scopes/);
  });

  it('answers invalid_redirect_uri for a missing, relative, fragment, plain-http or private-scheme redirect URI', async () => {
    const app = { grant_types: ['authorization_code'], token_endpoint_auth_method: 'none', scope: 'patient/*.rs' };

    await expectRefused(await registerClient(t, practiceId, app), 'invalid_redirect_uri', /redirect_uris is required/);
    await expectRefused(
      await registerClient(t, practiceId, { ...app, redirect_uris: ['/callback', 'https://app.example/cb#x', 'http://app.example/cb', 'com.example.trainer:/cb'] }),
      'invalid_redirect_uri',
      /\/callback, https:\/\/app\.example\/cb#x, http:\/\/app\.example\/cb, com\.example\.trainer:\/cb/,
    );
  });

  it('lists every problem at once and stores nothing', async () => {
    const before = await t.db.$count(oauthClients);

    const response = await registerClient(t, practiceId, { grant_types: ['password'], token_endpoint_auth_method: 'tls_client_auth', client_name: '' });

    await expectRefused(response, 'invalid_client_metadata', /client_name .*grant_types .*token_endpoint_auth_method .*scope is required/);
    expect(await t.db.$count(oauthClients)).toBe(before);
  });

  it('ignores metadata it does not understand (RFC 7591 §2) and does not echo it', async () => {
    const response = await registerClient(t, practiceId, backend({ logo_uri: 'https://ehr.example/logo.png', software_version: '7' }));

    expect(response.status).toBe(201);
    expect(await response.json()).not.toHaveProperty('logo_uri');
  });

  it('answers 404 for an unknown practice and 401 without the admin token', async () => {
    expect((await registerClient(t, crypto.randomUUID(), backend())).status).toBe(404);
    const anonymous = await t.app.request(`/admin/practices/${practiceId}/clients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(backend()),
    });
    expect(anonymous.status).toBe(401);
  });
});

describe('the advertised registration_endpoint', () => {
  const register = (body: unknown, token = ADMIN_TOKEN) =>
    t.app.request('/oauth/register', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('registers with the ADMIN_TOKEN as initial access token and practice_id in the metadata', async () => {
    const response = await register({ ...backend(), practice_id: practiceId });

    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ practice_id: practiceId, token_endpoint_auth_method: 'private_key_jwt' });
  });

  it('refuses a missing practice_id and an unknown token', async () => {
    await expectRefused(await register(backend()), 'invalid_client_metadata', /practice_id must name an existing practice/);
    expect((await register({ ...backend(), practice_id: practiceId }, 'nope')).status).toBe(401);
  });
});
