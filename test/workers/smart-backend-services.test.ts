import { env, exports } from 'cloudflare:workers';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * SMART Backend Services through the Worker: discovery, client registration, a token for a valid
 * client assertion, the replay store in PostgreSQL refusing the same assertion again, and the
 * token accepted at the FHIR API — all on workerd, through Hyperdrive.
 */

const BASE = 'http://metbridge.test';
const admin = { authorization: `Bearer ${env.ADMIN_TOKEN}`, 'content-type': 'application/json' };

interface Setup {
  tokenEndpoint: string;
  clientId: string;
  organizationId: string;
  privateKey: CryptoKey;
  kid: string;
}

let setup: Setup;

beforeAll(async () => {
  const discovery = await exports.default.fetch(`${BASE}/fhir/.well-known/smart-configuration`);
  const { token_endpoint: tokenEndpoint } = await discovery.json<{ token_endpoint: string }>();

  const practiceResponse = await exports.default.fetch(`${BASE}/admin/practices`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'Workers SMART Practice' }) });
  const practice = await practiceResponse.json<{ id: string; organizationId: string }>();

  const { privateKey, publicKey } = await generateKeyPair('ES384');
  const kid = 'workers-es384';
  const registration = await exports.default.fetch(`${BASE}/admin/practices/${practice.id}/clients`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [{ ...(await exportJWK(publicKey)), kid }] },
      scope: 'system/*.rs',
    }),
  });
  expect(registration.status).toBe(201);
  const { client_id: clientId } = await registration.json<{ client_id: string }>();
  setup = { tokenEndpoint, clientId, organizationId: practice.organizationId, privateKey, kid };
});

async function assertion(): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: setup.clientId, sub: setup.clientId, aud: setup.tokenEndpoint, exp: now + 240, iat: now, jti: crypto.randomUUID() })
    .setProtectedHeader({ alg: 'ES384', kid: setup.kid, typ: 'JWT' })
    .sign(setup.privateKey);
}

function requestToken(clientAssertion: string): Promise<Response> {
  return exports.default.fetch(`${BASE}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope: 'system/Organization.rs',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: clientAssertion,
    }).toString(),
  });
}

describe('SMART Backend Services on workerd', () => {
  it('issues a token for a valid ES384 assertion, and the FHIR API accepts it', async () => {
    const response = await requestToken(await assertion());

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const token = await response.json<{ access_token: string; token_type: string; expires_in: number; scope: string }>();
    expect(token).toMatchObject({ token_type: 'bearer', expires_in: 300, scope: 'system/Organization.rs' });

    const read = await exports.default.fetch(`${BASE}/fhir/Organization/${setup.organizationId}`, { headers: { authorization: `Bearer ${token.access_token}` } });
    expect(read.status).toBe(200);
  });

  it('refuses the same assertion a second time: the jti replay store holds across requests', async () => {
    const once = await assertion();

    expect((await requestToken(once)).status).toBe(200);
    const replay = await requestToken(once);

    expect(replay.status).toBe(400);
    expect(await replay.json()).toEqual({ error: 'invalid_client', error_description: 'client_assertion jti was already used: every assertion must have a new jti.' });
  });
});
