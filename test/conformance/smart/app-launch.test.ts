import type { Patient } from '@medplum/fhirtypes';
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories } from '../../../src/db/repositories';
import {
  authorizeQuery,
  basicCredentials,
  Browser,
  createTrainer,
  exchangeCode,
  flowFields,
  launch,
  pkcePair,
  redirectParameters,
  REDIRECT_URI,
  registerApp,
  type RegisteredApp,
  type Trainer,
} from './app-launch-fixture';
import { createPractice, createSmartTestApp, FHIR_BASE, oauthError, PUBLIC_URL, type SmartTestApp } from './smart-fixture';

/** SMART App Launch: the authorization endpoint, its pages, and the authorization_code grant. */

let t: SmartTestApp;
let practice: { id: string; organizationId: string };
let trainer: Trainer;
let app: RegisteredApp;

beforeAll(async () => {
  t = await createSmartTestApp();
  practice = await createPractice(t, 'Move Well Medical Exercise');
  trainer = await createTrainer(t, practice.id);
  app = await registerApp(t, practice.id);
});
afterAll(() => t.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const patientNamed = (given: string, family: string, birthDate?: string): Patient => ({
  resourceType: 'Patient',
  name: [{ given: [given], family }],
  ...(birthDate ? { birthDate } : {}),
});

async function startFlow(browser: Browser, parameters: Record<string, string | undefined> = {}) {
  const { challenge, verifier } = await pkcePair();
  const response = await browser.request(`/oauth/authorize?${authorizeQuery({ clientId: app.clientId, challenge, ...parameters })}`);
  return { response, verifier };
}

describe('the authorization endpoint', () => {
  it('serves a script-free sign-in page that cannot be framed, with a form bound to this browser', async () => {
    const browser = new Browser(t);
    const { response } = await startFlow(browser);
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self' https://trainer-app.example");
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('Trainer Console');
    const { request, binding } = flowFields(html);
    expect(browser.cookies.get(`mb_authz_${request.replaceAll('-', '')}`)).toBe(binding);
  });

  it('accepts the request as a form POST (authorize-post)', async () => {
    const { challenge } = await pkcePair();
    const response = await new Browser(t).postForm('/oauth/authorize', Object.fromEntries(authorizeQuery({ clientId: app.clientId, challenge })));

    expect(response.status).toBe(200);
    expect(flowFields(await response.text()).request).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('shows an error page, never a redirect, for an unknown client_id', async () => {
    const { challenge } = await pkcePair();
    const response = await new Browser(t).request(`/oauth/authorize?${authorizeQuery({ clientId: 'no-such-client', challenge })}`);

    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('client_id does not name a registered app');
  });

  it('shows an error page, never a redirect, for a redirect_uri that is not registered exactly', async () => {
    for (const redirectUri of [`${REDIRECT_URI}/`, `${REDIRECT_URI}?next=/admin`, 'https://attacker.example/callback']) {
      const { response } = await startFlow(new Browser(t), { redirect_uri: redirectUri });
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).toContain('redirect_uri is not one of the redirect URIs registered');
    }
  });

  it('redirects unsupported_response_type for anything but code', async () => {
    const { response } = await startFlow(new Browser(t), { response_type: 'token', state: 'st-1' });
    const redirect = redirectParameters(response);

    expect(response.status).toBe(302);
    expect(redirect.get('error')).toBe('unsupported_response_type');
    expect(redirect.get('state')).toBe('st-1');
    expect(redirect.get('iss')).toBe(PUBLIC_URL);
  });

  it('redirects invalid_request when aud is not this FHIR base', async () => {
    const { response } = await startFlow(new Browser(t), { aud: 'https://other-ehr.example/fhir' });
    const redirect = redirectParameters(response);

    expect(redirect.get('error')).toBe('invalid_request');
    expect(redirect.get('error_description')).toContain(FHIR_BASE);
  });

  it('redirects invalid_request without state', async () => {
    const { response } = await startFlow(new Browser(t), { state: '' });

    expect(redirectParameters(response).get('error')).toBe('invalid_request');
    expect(redirectParameters(response).get('error_description')).toContain('state is required');
  });

  it('redirects invalid_scope when nothing requested is within the registered scope', async () => {
    const { response } = await startFlow(new Browser(t), { scope: 'system/*.rs launch' });

    expect(redirectParameters(response).get('error')).toBe('invalid_scope');
  });

  it('caps the granted scope at the client registration', async () => {
    const narrowApp = await registerApp(t, practice.id, { scope: 'openid user/Observation.rs' });
    const { code, verifier } = await launch(t, { app: narrowApp, trainer, scope: 'openid fhirUser user/*.cruds offline_access' });

    const body = await (await exchangeCode(t, { code, verifier, clientId: narrowApp.clientId })).json();

    expect(body.scope.split(' ').sort()).toEqual(['openid', 'user/Observation.rs']);
    expect(body).not.toHaveProperty('refresh_token');
  });
});

describe('sign-in and consent', () => {
  it('lists the requested scopes in plain words, and on allow redirects with the code, the state and iss', async () => {
    const browser = new Browser(t);
    const { response } = await startFlow(browser, { state: 'opaque-state-123', scope: 'openid fhirUser user/Observation.rs' });
    const fields = flowFields(await response.text());
    const consent = await browser.postForm('/oauth/authorize/sign-in', { ...fields, email: trainer.email, password: trainer.password });
    const consentHtml = await consent.text();

    expect(consent.status).toBe(200);
    expect(consentHtml).toContain('Read and search Observation records that you can see in your practice.');
    expect(consentHtml).toContain('See your own practitioner record.');
    const answer = await browser.postForm('/oauth/authorize/consent', { ...fields, decision: 'allow' });
    const redirect = redirectParameters(answer);
    expect(answer.status).toBe(303);
    expect(redirect.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(redirect.get('state')).toBe('opaque-state-123');
    expect(redirect.get('iss')).toBe(PUBLIC_URL);
  });

  it('on deny redirects access_denied with the state, and issues no code', async () => {
    const browser = new Browser(t);
    const { response } = await startFlow(browser, { state: 'deny-state' });
    const fields = flowFields(await response.text());
    await browser.postForm('/oauth/authorize/sign-in', { ...fields, email: trainer.email, password: trainer.password });

    const answer = await browser.postForm('/oauth/authorize/consent', { ...fields, decision: 'deny' });
    const redirect = redirectParameters(answer);

    expect(redirect.get('error')).toBe('access_denied');
    expect(redirect.get('state')).toBe('deny-state');
    expect(redirect.has('code')).toBe(false);
    expect((await browser.postForm('/oauth/authorize/consent', { ...fields, decision: 'allow' })).status).toBe(400);
  });

  it('refuses a form posted without the cookie of the browser that started the flow (CSRF)', async () => {
    const browser = new Browser(t);
    const { response } = await startFlow(browser);
    const fields = flowFields(await response.text());
    const attacker = new Browser(t);

    const forged = await attacker.postForm('/oauth/authorize/sign-in', { ...fields, email: trainer.email, password: trainer.password });
    const wrongBinding = await browser.postForm('/oauth/authorize/sign-in', { ...fields, binding: 'x'.repeat(43), email: trainer.email, password: trainer.password });

    expect(forged.status).toBe(403);
    expect(wrongBinding.status).toBe(403);
    expect(await forged.text()).toContain('security check failed');
  });

  it("refuses a trainer of another practice, even with the right password", async () => {
    const other = await createPractice(t, 'Other Practice');
    const outsider = await createTrainer(t, other.id);
    const browser = new Browser(t);
    const { response } = await startFlow(browser);
    const fields = flowFields(await response.text());

    const answer = await browser.postForm('/oauth/authorize/sign-in', { ...fields, email: outsider.email, password: outsider.password });

    expect(answer.status).toBe(403);
    expect(await answer.text()).toContain('does not belong to Move Well Medical Exercise');
  });
});

describe('patient launch', () => {
  it("shows the practice's patients, searchable by name, and returns the picked one as patient", async () => {
    const store = createRepositories(t.db, t.clock);
    const { resource: ada } = await store.resourcesOf(practice.id).create(patientNamed('Ada', 'Lovelace', '1955-12-10'));
    await store.resourcesOf(practice.id).create(patientNamed('Grace', 'Hopper'));
    const other = await createPractice(t, 'Foreign Practice');
    await store.resourcesOf(other.id).create(patientNamed('Ada', 'Foreign'));
    const browser = new Browser(t);
    const { response, verifier } = await startFlow(browser, { scope: 'launch/patient patient/*.rs' });
    const fields = flowFields(await response.text());
    await browser.postForm('/oauth/authorize/sign-in', { ...fields, email: trainer.email, password: trainer.password });

    const picker = await (await browser.postForm('/oauth/authorize/consent', { ...fields, decision: 'allow' })).text();
    const searched = await (await browser.postForm('/oauth/authorize/patient', { ...fields, q: 'Ada', search: '1' })).text();

    expect(picker).toContain('Ada Lovelace');
    expect(picker).toContain('Grace Hopper');
    expect(picker).not.toContain('Foreign');
    expect(searched).toContain('Ada Lovelace');
    expect(searched).not.toContain('Grace Hopper');
    const answer = await browser.postForm('/oauth/authorize/patient', { ...fields, patient: ada.id });
    const body = await (await exchangeCode(t, { code: redirectParameters(answer).get('code')!, verifier, clientId: app.clientId })).json();
    expect(body.patient).toBe(ada.id);
    expect(decodeJwt(body.access_token)).toMatchObject({ patient: ada.id, user_id: trainer.id, practitioner_id: trainer.practitionerId, sub: trainer.id });
  });

  it("refuses a patient id of another practice in the picker", async () => {
    const other = await createPractice(t, 'Picker Foreign Practice');
    const { resource: foreign } = await createRepositories(t.db, t.clock).resourcesOf(other.id).create(patientNamed('Eve', 'Elsewhere'));
    const browser = new Browser(t);
    const { response } = await startFlow(browser, { scope: 'launch/patient patient/*.rs' });
    const fields = flowFields(await response.text());
    await browser.postForm('/oauth/authorize/sign-in', { ...fields, email: trainer.email, password: trainer.password });
    await browser.postForm('/oauth/authorize/consent', { ...fields, decision: 'allow' });

    const answer = await browser.postForm('/oauth/authorize/patient', { ...fields, patient: foreign.id });

    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('That client is not in this practice.');
  });
});

describe('the authorization_code grant', () => {
  it('answers an access token for the trainer, an RS256 id_token that verifies against the JWKS, and the granted scope', async () => {
    const { code, verifier } = await launch(t, { app, trainer, scope: 'openid fhirUser user/*.rs', nonce: 'n-0S6_WzA2Mj' });
    const response = await exchangeCode(t, { code, verifier, clientId: app.clientId });
    const body = await response.json();

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 300, scope: 'openid fhirUser user/*.rs' });
    const jwks = createLocalJWKSet(await (await t.app.request('/.well-known/jwks.json')).json());
    const { payload, protectedHeader } = await jwtVerify(body.id_token, jwks, { issuer: PUBLIC_URL, audience: app.clientId, currentDate: t.clock.now() });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({ sub: trainer.id, nonce: 'n-0S6_WzA2Mj', fhirUser: `${FHIR_BASE}/Practitioner/${trainer.practitionerId}` });
    expect((await t.app.request(`/fhir/Organization/${practice.organizationId}`, { headers: bearer(body.access_token) })).status).toBe(200);
  });

  it('answers no id_token without openid', async () => {
    const { code, verifier } = await launch(t, { app, trainer, scope: 'user/*.rs' });

    expect(await (await exchangeCode(t, { code, verifier, clientId: app.clientId })).json()).not.toHaveProperty('id_token');
  });

  it('refuses a second exchange of the code and revokes the tokens of the first', async () => {
    const { code, verifier } = await launch(t, { app, trainer, scope: 'user/*.rs offline_access' });
    const first = await (await exchangeCode(t, { code, verifier, clientId: app.clientId })).json();
    expect((await t.app.request(`/fhir/Organization/${practice.organizationId}`, { headers: bearer(first.access_token) })).status).toBe(200);

    const second = await oauthError(await exchangeCode(t, { code, verifier, clientId: app.clientId }));

    expect(second).toMatchObject({ status: 400, error: 'invalid_grant' });
    expect(second.error_description).toContain('already used');
    expect((await t.app.request(`/fhir/Organization/${practice.organizationId}`, { headers: bearer(first.access_token) })).status).toBe(401);
    const refreshed = await t.app.request('/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: app.clientId }).toString(),
    });
    expect((await oauthError(refreshed)).error).toBe('invalid_grant');
  });

  it('refuses a redirect_uri different from the authorization request', async () => {
    const { code, verifier } = await launch(t, { app, trainer });

    const refused = await oauthError(await exchangeCode(t, { code, verifier, clientId: app.clientId, redirectUri: 'https://trainer-app.example/other' }));

    expect(refused).toMatchObject({ error: 'invalid_grant', error_description: expect.stringContaining('redirect_uri') });
  });

  it('refuses a code issued to another client', async () => {
    const { code, verifier } = await launch(t, { app, trainer });
    const otherApp = await registerApp(t, practice.id);

    expect((await oauthError(await exchangeCode(t, { code, verifier, clientId: otherApp.clientId }))).error).toBe('invalid_grant');
  });

  it('refuses an expired code', async () => {
    const own = await createSmartTestApp();
    try {
      const ownPractice = await createPractice(own);
      const ownApp = await registerApp(own, ownPractice.id);
      const { code, verifier } = await launch(own, { app: ownApp, trainer: await createTrainer(own, ownPractice.id) });
      own.clock.advance(61_000);

      const refused = await oauthError(await exchangeCode(own, { code, verifier, clientId: ownApp.clientId }));

      expect(refused).toMatchObject({ error: 'invalid_grant', error_description: expect.stringContaining('expired') });
    } finally {
      await own.close();
    }
  });
});

describe('client_secret_basic', () => {
  it('issues tokens to a confidential app with the right secret', async () => {
    const confidential = await registerApp(t, practice.id, { token_endpoint_auth_method: 'client_secret_basic' });
    const { code, verifier } = await launch(t, { app: confidential, trainer });

    const response = await exchangeCode(t, { code, verifier, clientId: confidential.clientId, basic: basicCredentials(confidential.clientId, confidential.clientSecret!) });

    expect(response.status).toBe(200);
  });

  it('answers 401 invalid_client with a Basic challenge for a wrong secret', async () => {
    const confidential = await registerApp(t, practice.id, { token_endpoint_auth_method: 'client_secret_basic' });
    const { code, verifier } = await launch(t, { app: confidential, trainer });

    const response = await exchangeCode(t, { code, verifier, clientId: confidential.clientId, basic: basicCredentials(confidential.clientId, `${confidential.clientSecret}x`) });

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect(await oauthError(response)).toMatchObject({ error: 'invalid_client', error_description: 'The client secret is not right.' });
  });

  it('refuses a confidential app that sends only its client_id', async () => {
    const confidential = await registerApp(t, practice.id, { token_endpoint_auth_method: 'client_secret_basic' });
    const { code, verifier } = await launch(t, { app: confidential, trainer });

    const refused = await oauthError(await exchangeCode(t, { code, verifier, clientId: confidential.clientId }));

    expect(refused).toMatchObject({ status: 400, error: 'invalid_client', error_description: expect.stringContaining('must authenticate') });
  });
});
