import { eq } from 'drizzle-orm';
import { exportSPKI, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories } from '../../../src/db/repositories';
import { auditEvents } from '../../../src/db/schema/audit-events';
import { parseClause } from '../../../src/fhir/search/parse';
import {
  assertionClaims,
  clientCredentials,
  clientKey,
  createPractice,
  createSmartTestApp,
  JWT_BEARER,
  oauthError,
  registerBackendClient,
  requestToken,
  signAssertion,
  unsignedAssertion,
  type ClientKey,
  type SmartTestApp,
} from './smart-fixture';

/**
 * Client authentication with `private_key_jwt` (SMART asymmetric client profile, RFC 7523):
 * one test per check the token endpoint makes on a client assertion.
 */

let t: SmartTestApp;
let practiceId: string;
let rsa: ClientKey;
let ec: ClientKey;
let clientId: string;

beforeAll(async () => {
  t = await createSmartTestApp();
  practiceId = (await createPractice(t)).id;
  rsa = await clientKey('RS384');
  ec = await clientKey('ES384');
  clientId = await registerBackendClient(t, practiceId, [rsa, ec]);
});
afterAll(() => t.close());

/** Expects `invalid_client` (400, no-store) whose description names `check`. */
async function expectInvalidClient(response: Response, check: RegExp): Promise<void> {
  expect(response.headers.get('cache-control')).toBe('no-store');
  const error = await oauthError(response);
  expect(error).toMatchObject({ status: 400, error: 'invalid_client' });
  expect(error.error_description).toMatch(check);
}

const tokenWith = async (assertion: string) => requestToken(t, clientCredentials(assertion));

describe('valid client assertions', () => {
  it('issues a token for an RS384 assertion', async () => {
    const response = await tokenWith(await signAssertion(t, clientId, rsa));

    expect(response.status).toBe(200);
    expect((await response.json()).token_type).toBe('bearer');
  });

  it('issues a token for an ES384 assertion', async () => {
    const response = await tokenWith(await signAssertion(t, clientId, ec));

    expect(response.status).toBe(200);
  });

  it('accepts an aud array that contains the token endpoint, and the client_id parameter when it matches', async () => {
    const assertion = await signAssertion(t, clientId, rsa, { claims: { aud: ['https://other.example/token', 'https://metbridge.test/oauth/token'] } });

    const response = await requestToken(t, { ...clientCredentials(assertion), client_id: clientId });

    expect(response.status).toBe(200);
  });
});

describe('the client_assertion_type and the assertion itself', () => {
  it('refuses a missing or different client_assertion_type', async () => {
    const assertion = await signAssertion(t, clientId, rsa);

    await expectInvalidClient(await requestToken(t, { ...clientCredentials(assertion), client_assertion_type: 'urn:example:saml' }), /client_assertion_type/);
    const { client_assertion_type: _omitted, ...withoutType } = clientCredentials(assertion);
    await expectInvalidClient(await requestToken(t, withoutType), /client_assertion_type/);
  });

  it('refuses an assertion that is not a compact JWS', async () => {
    await expectInvalidClient(await tokenWith('not-a-jwt'), /not a signed JWT/);
  });
});

describe('the signature algorithm', () => {
  it('refuses alg none', async () => {
    const assertion = unsignedAssertion({ alg: 'none', kid: rsa.kid, typ: 'JWT' }, assertionClaims(t, clientId));

    await expectInvalidClient(await tokenWith(assertion), /alg "none" is refused/);
  });

  it('refuses HS256 signed with the public key as the shared secret', async () => {
    const secret = new TextEncoder().encode(await exportSPKI(rsa.publicKey));
    const assertion = await new SignJWT(assertionClaims(t, clientId)).setProtectedHeader({ alg: 'HS256', kid: rsa.kid, typ: 'JWT' }).sign(secret);

    await expectInvalidClient(await tokenWith(assertion), /HS256 is refused: HMAC/);
  });

  it('refuses RS256 unless the client registered it', async () => {
    const rs256 = await clientKey('RS256');
    const unregistered = await registerBackendClient(t, practiceId, [rs256]);
    const registered = await registerBackendClient(t, practiceId, [rs256], { token_endpoint_auth_signing_alg: 'RS256' });

    await expectInvalidClient(await tokenWith(await signAssertion(t, unregistered, rs256)), /alg RS256 is not registered/);
    expect((await tokenWith(await signAssertion(t, registered, rs256))).status).toBe(200);
  });

  it('accepts ES256 when the registered key declares alg ES256', async () => {
    const es256 = await clientKey('ES256', undefined, true);
    const client = await registerBackendClient(t, practiceId, [es256]);

    expect((await tokenWith(await signAssertion(t, client, es256))).status).toBe(200);
  });

  it('refuses a signature that does not verify with the registered key', async () => {
    const impostor = await clientKey('RS384', rsa.kid);

    await expectInvalidClient(await tokenWith(await signAssertion(t, clientId, impostor)), /signature does not verify/);
  });
});

describe('the kid and jku headers', () => {
  it('refuses an assertion without kid', async () => {
    await expectInvalidClient(await tokenWith(await signAssertion(t, clientId, rsa, { header: { kid: undefined } })), /no kid/);
  });

  it('refuses a kid that matches no registered key', async () => {
    await expectInvalidClient(await tokenWith(await signAssertion(t, clientId, rsa, { header: { kid: 'retired-key' } })), /kid "retired-key" matches no RSA key/);
  });

  it('refuses a kid whose key type does not fit the algorithm', async () => {
    await expectInvalidClient(await tokenWith(await signAssertion(t, clientId, rsa, { header: { kid: ec.kid } })), /matches no RSA key/);
  });

  it('refuses a jku header when the client registered an inline JWKS', async () => {
    const assertion = await signAssertion(t, clientId, rsa, { header: { jku: 'https://attacker.example/jwks.json' } });

    await expectInvalidClient(await tokenWith(assertion), /jku is not the jwks_uri registered/);
  });
});

describe('the iss, sub and aud claims', () => {
  it('refuses iss different from sub', async () => {
    const assertion = await signAssertion(t, clientId, rsa, { claims: { iss: 'https://ehr.example' } });

    await expectInvalidClient(await tokenWith(assertion), /iss and sub must both be your client_id/);
  });

  it('refuses an unknown client_id', async () => {
    const assertion = await signAssertion(t, clientId, rsa, { claims: { iss: 'no-such-client', sub: 'no-such-client' } });

    await expectInvalidClient(await tokenWith(assertion), /sub is not a registered client_id/);
  });

  it('refuses a client_id parameter that differs from sub', async () => {
    const assertion = await signAssertion(t, clientId, rsa);

    await expectInvalidClient(await requestToken(t, { ...clientCredentials(assertion), client_id: 'someone-else' }), /client_id parameter differs/);
  });

  it('refuses an aud other than the advertised token endpoint', async () => {
    const assertion = await signAssertion(t, clientId, rsa, { claims: { aud: 'https://metbridge.test/fhir' } });

    await expectInvalidClient(await tokenWith(assertion), /aud must be the token endpoint https:\/\/metbridge\.test\/oauth\/token/);
  });
});

describe('the exp, iat and nbf claims', () => {
  const now = () => Math.floor(t.clock.now().getTime() / 1000);

  it('refuses an assertion without exp', async () => {
    await expectInvalidClient(await tokenWith(await signAssertion(t, clientId, rsa, { omit: ['exp'] })), /no exp/);
  });

  it('refuses an expired assertion (beyond the 60 s leeway)', async () => {
    await expectInvalidClient(await tokenWith(await signAssertion(t, clientId, rsa, { claims: { exp: now() - 61, iat: now() - 300 } })), /has expired/);
  });

  it('accepts an assertion expired within the 60 s leeway', async () => {
    expect((await tokenWith(await signAssertion(t, clientId, rsa, { claims: { exp: now() - 30, iat: now() - 200 } }))).status).toBe(200);
  });

  it('refuses exp more than five minutes (plus leeway) ahead', async () => {
    await expectInvalidClient(await tokenWith(await signAssertion(t, clientId, rsa, { claims: { exp: now() + 600 } })), /more than 5 minutes in the future/);
    await expectInvalidClient(await tokenWith(await signAssertion(t, clientId, rsa, { claims: { exp: now() + 361 } })), /more than 5 minutes/);
  });

  it('refuses iat and nbf in the future beyond the leeway, and accepts them within it', async () => {
    await expectInvalidClient(await tokenWith(await signAssertion(t, clientId, rsa, { claims: { iat: now() + 120 } })), /iat is in the future/);
    await expectInvalidClient(await tokenWith(await signAssertion(t, clientId, rsa, { claims: { nbf: now() + 120 } })), /not valid yet/);
    expect((await tokenWith(await signAssertion(t, clientId, rsa, { claims: { iat: now() + 30, nbf: now() + 30 } }))).status).toBe(200);
  });
});

describe('the jti claim', () => {
  it('refuses an assertion without jti', async () => {
    await expectInvalidClient(await tokenWith(await signAssertion(t, clientId, rsa, { omit: ['jti'] })), /needs a jti/);
  });

  it('refuses a replayed jti, but lets another client use the same jti', async () => {
    const jti = crypto.randomUUID();
    const assertion = await signAssertion(t, clientId, rsa, { claims: { jti } });
    const otherClient = await registerBackendClient(t, practiceId, [rsa]);

    expect((await tokenWith(assertion)).status).toBe(200);
    await expectInvalidClient(await tokenWith(assertion), /jti was already used/);
    await expectInvalidClient(await tokenWith(await signAssertion(t, clientId, ec, { claims: { jti } })), /jti was already used/);
    expect((await tokenWith(await signAssertion(t, otherClient, rsa, { claims: { jti } }))).status).toBe(200);
  });

  it('does not record the jti of an assertion that failed another check', async () => {
    const jti = crypto.randomUUID();

    await expectInvalidClient(await tokenWith(await signAssertion(t, clientId, rsa, { claims: { jti, aud: 'https://wrong.example' } })), /aud/);
    expect((await tokenWith(await signAssertion(t, clientId, rsa, { claims: { jti } }))).status).toBe(200);
  });
});

describe('audit of token requests', () => {
  it('records every issued and refused token as an AuditEvent of the practice with the client and a reason code, never the assertion or token', async () => {
    const client = await registerBackendClient(t, practiceId, [rsa]);
    const assertion = await signAssertion(t, client, rsa);
    const issued = await (await tokenWith(assertion)).json();
    await tokenWith(assertion);

    const store = createRepositories(t.db, t.clock).resourcesOf(practiceId);
    const page = await store.search('AuditEvent', { clauses: [parseClause('AuditEvent', 'altid', client)!], count: 10 });
    const events = page.resources.map((stored) => JSON.parse(stored.json!));
    expect(events.map((event) => [event.outcome, event.outcomeDesc ?? event.entity[1]?.detail[0]?.valueString]).sort()).toEqual([
      ['0', issued.scope],
      ['4', 'jti_replayed'],
    ]);
    expect(events.every((event) => event.action === 'E' && event.subtype[0].code === 'ITI-71')).toBe(true);
    const stored = JSON.stringify(page.resources);
    expect(stored).not.toContain(issued.access_token);
    expect(stored).not.toContain(assertion.split('.')[2]);
    expect(JSON.stringify(t.logs)).not.toContain(assertion.split('.')[2]);
  });

  it('records refusals of requests from unknown clients without naming them', async () => {
    const before = await t.db.$count(auditEvents, eq(auditEvents.agent, 'client:unidentified'));

    await tokenWith(await signAssertion(t, clientId, rsa, { claims: { iss: 'ghost', sub: 'ghost' } }));

    expect(await t.db.$count(auditEvents, eq(auditEvents.agent, 'client:unidentified'))).toBeGreaterThan(before);
  });
});

describe('a client registered for another authentication method', () => {
  it('cannot authenticate with a client assertion', async () => {
    const response = await t.app.request(`/admin/practices/${practiceId}/clients`, {
      method: 'POST',
      headers: { authorization: 'Bearer smart-suite-admin-token', 'content-type': 'application/json' },
      body: JSON.stringify({ grant_types: ['authorization_code'], token_endpoint_auth_method: 'client_secret_basic', redirect_uris: ['https://app.example/cb'], scope: 'user/*.rs' }),
    });
    const symmetric = (await response.json()).client_id;

    const assertion = await signAssertion(t, symmetric, rsa);
    await expectInvalidClient(await requestToken(t, { ...clientCredentials(assertion), client_assertion_type: JWT_BEARER }), /registered for client_secret_basic/);
  });
});
