import { decodeJwt, decodeProtectedHeader, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signAccessToken, type AccessTokenClaims } from '../../../src/api/auth/access-token';
import { createRepositories } from '../../../src/db/repositories';
import { clientKey, createPractice, createSmartTestApp, obtainToken, registerBackendClient, type ClientKey, type SmartTestApp } from './smart-fixture';

/**
 * Access tokens at the FHIR API: verified by the real authenticator (signature, exp, issuer,
 * audience, revocation), cached by hash, and bound to the practice of the client they were
 * issued to. Tests that move the clock get an app of their own.
 */

interface Tenant {
  practice: { id: string; organizationId: string };
  key: ClientKey;
  clientId: string;
}

async function tenant(app: SmartTestApp, name: string): Promise<Tenant> {
  const practice = await createPractice(app, name);
  const key = await clientKey('ES384');
  return { practice, key, clientId: await registerBackendClient(app, practice.id, [key]) };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const readOrganization = (app: SmartTestApp, token: string, organizationId: string) =>
  app.app.request(`/fhir/Organization/${organizationId}`, { headers: bearer(token) });
const claimsOf = (token: string) => decodeJwt(token) as unknown as AccessTokenClaims;

let t: SmartTestApp;
let a: Tenant;
let b: Tenant;

beforeAll(async () => {
  t = await createSmartTestApp();
  a = await tenant(t, 'Practice A');
  b = await tenant(t, 'Practice B');
});
afterAll(() => t.close());

describe('a token at the FHIR API', () => {
  it("reads its own practice's data", async () => {
    const { access_token } = await obtainToken(t, a.clientId, a.key);

    const response = await readOrganization(t, access_token, a.practice.organizationId);

    expect(response.status).toBe(200);
    expect((await response.json()).name).toBe('Practice A');
  });

  it("of practice A cannot read practice B's data: B's resources do not exist for it", async () => {
    const { access_token } = await obtainToken(t, a.clientId, a.key);
    const { resource: patientOfB } = await createRepositories(t.db, t.clock).resourcesOf(b.practice.id).create({ resourceType: 'Patient' });

    expect((await t.app.request(`/fhir/Patient/${patientOfB.id}`, { headers: bearer(access_token) })).status).toBe(404);
    expect((await readOrganization(t, access_token, b.practice.organizationId)).status).toBe(404);
    const search = await (await t.app.request('/fhir/Organization', { headers: bearer(access_token) })).json();
    expect(search.entry.map((entry: { resource: { id: string } }) => entry.resource.id)).toEqual([a.practice.organizationId]);
  });

  it('is refused when tampered with', async () => {
    const { access_token } = await obtainToken(t, a.clientId, a.key);
    const [header, payload, signature] = access_token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claimsOf(access_token), practice_id: b.practice.id })).toString('base64url');

    expect((await readOrganization(t, `${header}.${forged}.${signature}`, b.practice.organizationId)).status).toBe(401);
    expect((await readOrganization(t, `${header}.${payload}.${signature!.slice(0, -4)}AAAA`, a.practice.organizationId)).status).toBe(401);
    expect((await readOrganization(t, 'not-a-token', a.practice.organizationId)).status).toBe(401);
  });

  it('is refused when signed by a key that is not the server key, even under its kid', async () => {
    const { access_token } = await obtainToken(t, a.clientId, a.key);
    const impostor = await generateKeyPair('ES256');
    const kid = decodeProtectedHeader(access_token).kid!;

    const forged = await signAccessToken(claimsOf(access_token), { kid, alg: 'ES256', privateKey: impostor.privateKey });

    expect((await readOrganization(t, forged, a.practice.organizationId)).status).toBe(401);
  });

  it('is refused when issued for another audience or by another issuer', async () => {
    const { access_token } = await obtainToken(t, a.clientId, a.key);
    const key = await t.auth.serverKeys.signingKey(t.oauth.signingKeys, 'ES256');
    const claims = claimsOf(access_token);

    const otherAudience = await signAccessToken({ ...claims, aud: 'https://elsewhere.example/fhir', jti: crypto.randomUUID() }, key);
    const otherIssuer = await signAccessToken({ ...claims, iss: 'https://elsewhere.example', jti: crypto.randomUUID() }, key);

    expect((await readOrganization(t, otherAudience, a.practice.organizationId)).status).toBe(401);
    expect((await readOrganization(t, otherIssuer, a.practice.organizationId)).status).toBe(401);
  });

  it('is verified once and then served from the cache', async () => {
    const { access_token } = await obtainToken(t, a.clientId, a.key);
    const lookups = vi.spyOn(t.auth.serverKeys, 'verificationKey');

    for (let i = 0; i < 5; i++) expect((await readOrganization(t, access_token, a.practice.organizationId)).status).toBe(200);

    expect(lookups).toHaveBeenCalledTimes(1);
    lookups.mockRestore();
  });
});

describe('a token over time', () => {
  it('becomes invalid when it expires, cached or not', async () => {
    const own = await createSmartTestApp();
    try {
      const tenantOfOwn = await tenant(own, 'Expiring Practice');
      const cached = await obtainToken(own, tenantOfOwn.clientId, tenantOfOwn.key);
      const fresh = await obtainToken(own, tenantOfOwn.clientId, tenantOfOwn.key);
      expect((await readOrganization(own, cached.access_token, tenantOfOwn.practice.organizationId)).status).toBe(200);

      own.clock.advance(cached.expires_in * 1000);

      for (const token of [cached.access_token, fresh.access_token]) {
        const expired = await readOrganization(own, token, tenantOfOwn.practice.organizationId);
        expect(expired.status).toBe(401);
        expect(expired.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
        expect((await expired.json()).resourceType).toBe('OperationOutcome');
      }
    } finally {
      await own.close();
    }
  });

  it('is refused once its jti is in the revocation table: after the 1 s poll interval, or at once after forget', async () => {
    const own = await createSmartTestApp();
    try {
      const tenantOfOwn = await tenant(own, 'Revoking Practice');
      const first = await obtainToken(own, tenantOfOwn.clientId, tenantOfOwn.key);
      const second = await obtainToken(own, tenantOfOwn.clientId, tenantOfOwn.key);
      const revoke = (token: string) =>
        own.oauth.revokedTokens.revoke({
          jti: claimsOf(token).jti,
          clientId: tenantOfOwn.clientId,
          practiceId: tenantOfOwn.practice.id,
          expiresAt: new Date(claimsOf(token).exp * 1000),
          revokedAt: own.clock.now(),
        });
      const status = async (token: string) => (await readOrganization(own, token, tenantOfOwn.practice.organizationId)).status;
      expect(await status(first.access_token)).toBe(200);
      expect(await status(second.access_token)).toBe(200);

      await revoke(first.access_token);
      await revoke(second.access_token);
      own.auth.authenticator.forget(claimsOf(second.access_token).jti);

      expect(await status(first.access_token)).toBe(200);
      expect(await status(second.access_token)).toBe(401);
      own.clock.advance(1_000);
      expect(await status(first.access_token)).toBe(401);
    } finally {
      await own.close();
    }
  });
});
