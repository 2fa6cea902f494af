import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientCredentials,
  clientKey,
  createPractice,
  createSmartTestApp,
  FHIR_BASE,
  oauthError,
  PUBLIC_URL,
  registerBackendClient,
  requestToken,
  signAssertion,
  type ClientKey,
  type SmartTestApp,
} from './smart-fixture';

/**
 * The token endpoint's request and response rules for SMART Backend Services (RFC 6749 §3.2,
 * §4.4, §5; SMART backend-services.html): form encoding, grant types, scope negotiation against
 * the registered ceiling, and the token response.
 */

let t: SmartTestApp;
let practiceId: string;
let key: ClientKey;
let clientId: string;

beforeAll(async () => {
  t = await createSmartTestApp();
  practiceId = (await createPractice(t)).id;
  key = await clientKey('ES384');
  clientId = await registerBackendClient(t, practiceId, [key], { scope: 'system/*.rs system/Task.cu system/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs' });
});
afterAll(() => t.close());

async function grantedScope(requested: string, client = clientId): Promise<string> {
  const response = await requestToken(t, clientCredentials(await signAssertion(t, client, key), requested));
  expect(response.status).toBe(200);
  return (await response.json()).scope;
}

describe('the token response', () => {
  it('has access_token, token_type bearer, expires_in at most 300 and scope; no refresh token; never cached', async () => {
    const response = await requestToken(t, clientCredentials(await signAssertion(t, clientId, key), 'system/Patient.rs'));

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('pragma')).toBe('no-cache');
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type']);
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 300, scope: 'system/Patient.rs' });
  });

  it('is a JWT for the FHIR base that carries the scope, practice and client', async () => {
    const response = await requestToken(t, clientCredentials(await signAssertion(t, clientId, key), 'system/Patient.rs'));
    const { access_token } = await response.json();

    const claims = decodeJwt(access_token);
    const now = Math.floor(t.clock.now().getTime() / 1000);
    expect(claims).toEqual({
      iss: PUBLIC_URL,
      aud: FHIR_BASE,
      sub: clientId,
      client_id: clientId,
      practice_id: practiceId,
      scope: 'system/Patient.rs',
      iat: now,
      exp: now + 300,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });
});

describe('scope negotiation', () => {
  it('grants a request narrower than a registered wildcard as asked', async () => {
    expect(await grantedScope('system/Observation.rs')).toBe('system/Observation.rs');
    expect(await grantedScope('system/Patient.r')).toBe('system/Patient.r');
  });

  it('narrows a broader request to the registered ceiling', async () => {
    expect(await grantedScope('system/Task.cruds')).toBe('system/Task.crus');
    expect(await grantedScope('system/*.cruds')).toBe('system/*.rs system/Task.cu');
  });

  it('accepts SMART v1 scopes and answers in v1 where v1 can say it', async () => {
    expect(await grantedScope('system/Observation.read')).toBe('system/Observation.read');
    expect(await grantedScope('system/Task.write')).toBe('system/Task.cu');
    expect(await grantedScope('system/Condition.*')).toBe('system/Condition.read');
  });

  it('keeps a granular scope granular', async () => {
    const vitals = 'system/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs';
    expect(await grantedScope(vitals)).toBe(vitals);
  });

  it('drops what cannot be granted and grants the rest', async () => {
    expect(await grantedScope('system/Patient.rs system/Patient.d patient/*.rs launch openid nonsense')).toBe('system/Patient.rs');
  });

  it('answers invalid_scope when nothing requested is within the registered scope', async () => {
    const response = await requestToken(t, clientCredentials(await signAssertion(t, clientId, key), 'system/Patient.d system/Observation.cu user/*.rs'));

    const error = await oauthError(response);
    expect(error).toMatchObject({ status: 400, error: 'invalid_scope' });
    expect(error.error_description).toMatch(/No requested system\/ scope is within the scopes registered for this client/);
  });

  it('answers invalid_scope, naming them, for scopes in neither grammar', async () => {
    const response = await requestToken(t, clientCredentials(await signAssertion(t, clientId, key), 'system/Observation.dus'));

    expect(await oauthError(response)).toMatchObject({ error: 'invalid_scope', error_description: expect.stringMatching(/Not SMART scopes: system\/Observation\.dus/) });
  });

  it('answers invalid_scope when scope is missing', async () => {
    const { scope: _omitted, ...withoutScope } = clientCredentials(await signAssertion(t, clientId, key));

    expect(await oauthError(await requestToken(t, withoutScope))).toMatchObject({ error: 'invalid_scope', error_description: expect.stringMatching(/scope is required/) });
  });
});

describe('grant types', () => {
  it('answers unsupported_grant_type for grants the endpoint does not serve', async () => {
    for (const grantType of ['password', 'urn:ietf:params:oauth:grant-type:jwt-bearer', 'implicit']) {
      const response = await requestToken(t, { ...clientCredentials(await signAssertion(t, clientId, key)), grant_type: grantType });
      expect(await oauthError(response)).toMatchObject({ status: 400, error: 'unsupported_grant_type' });
    }
  });

  it('answers unauthorized_client for a client not registered for client_credentials', async () => {
    const appKey = await clientKey('RS384');
    const response = await t.app.request(`/admin/practices/${practiceId}/clients`, {
      method: 'POST',
      headers: { authorization: 'Bearer smart-suite-admin-token', 'content-type': 'application/json' },
      body: JSON.stringify({ grant_types: ['authorization_code'], token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [appKey.publicJwk] }, redirect_uris: ['https://app.example/cb'], scope: 'user/*.rs' }),
    });
    const appClient = (await response.json()).client_id;

    const refused = await requestToken(t, clientCredentials(await signAssertion(t, appClient, appKey)));

    expect(await oauthError(refused)).toMatchObject({ error: 'unauthorized_client' });
  });

  it('answers invalid_request without grant_type', async () => {
    const { grant_type: _omitted, ...withoutGrant } = clientCredentials(await signAssertion(t, clientId, key));

    expect(await oauthError(await requestToken(t, withoutGrant))).toMatchObject({ error: 'invalid_request', error_description: 'grant_type is required.' });
  });
});

describe('malformed token requests', () => {
  it('accepts application/x-www-form-urlencoded only', async () => {
    const parameters = clientCredentials(await signAssertion(t, clientId, key));

    const asJson = await t.app.request('/oauth/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(parameters) });

    expect(await oauthError(asJson)).toMatchObject({ status: 400, error: 'invalid_request', error_description: expect.stringMatching(/x-www-form-urlencoded, not application\/json/) });
    expect((await requestToken(t, parameters, 'application/x-www-form-urlencoded; charset=utf-8')).status).toBe(200);
  });

  it('refuses a parameter sent twice', async () => {
    const body = `${new URLSearchParams(clientCredentials(await signAssertion(t, clientId, key))).toString()}&scope=system%2F*.rs`;

    const response = await t.app.request('/oauth/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });

    expect(await oauthError(response)).toMatchObject({ error: 'invalid_request', error_description: 'The parameter scope appears more than once.' });
  });
});
