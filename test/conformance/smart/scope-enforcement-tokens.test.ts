import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories } from '../../../src/db/repositories';
import { sixMinuteWalk } from '../fhir/bundle-fixtures';
import { clientKey, createPractice, createSmartTestApp, obtainToken, registerBackendClient, type ClientKey, type SmartTestApp } from './smart-fixture';

/**
 * Scope enforcement with access tokens from the real token endpoint: the scopes a backend
 * service is granted (in either grammar) are exactly what it may do at the FHIR API.
 */

let t: SmartTestApp;
let practice: { id: string; organizationId: string };
let key: ClientKey;
let clientId: string;
let patientId: string;
let observationId: string;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const readObservation = (token: string) => t.app.request(`/fhir/Observation/${observationId}`, { headers: bearer(token) });
const createObservation = (token: string) =>
  t.app.request('/fhir/Observation', {
    method: 'POST',
    headers: { ...bearer(token), 'content-type': 'application/fhir+json' },
    body: JSON.stringify(sixMinuteWalk(`Patient/${patientId}`)),
  });

beforeAll(async () => {
  t = await createSmartTestApp();
  practice = await createPractice(t, 'Token Scopes Practice');
  key = await clientKey('ES384');
  clientId = await registerBackendClient(t, practice.id, [key], { scope: 'system/*.*' });
  const store = createRepositories(t.db, t.clock).resourcesOf(practice.id);
  patientId = (await store.create({ resourceType: 'Patient' })).resource.id;
  observationId = (await store.create(sixMinuteWalk(`Patient/${patientId}`))).resource.id;
});
afterAll(() => t.close());

describe('tokens from the token endpoint', () => {
  it('with a v1 system/Observation.read scope read but cannot create', async () => {
    const { access_token, scope } = await obtainToken(t, clientId, key, 'system/Observation.read');
    expect(scope).toBe('system/Observation.read');
    expect((await readObservation(access_token)).status).toBe(200);
    const refused = await createObservation(access_token);
    expect(refused.status).toBe(403);
    expect((await refused.json()).issue[0]).toMatchObject({ code: 'forbidden', diagnostics: expect.stringMatching(/create of Observation/) });
  });

  it('with a v2 system/Observation.c scope create but cannot read', async () => {
    const { access_token } = await obtainToken(t, clientId, key, 'system/Observation.c');
    expect((await createObservation(access_token)).status).toBe(201);
    expect((await readObservation(access_token)).status).toBe(403);
  });

  it("with system/*.* cannot reach another practice's resources: they are unknown (404)", async () => {
    const other = await createPractice(t, 'Another Token Practice');
    const foreign = await createRepositories(t.db, t.clock).resourcesOf(other.id).create({ resourceType: 'Patient' });
    const { access_token } = await obtainToken(t, clientId, key, 'system/*.*');
    expect((await t.app.request(`/fhir/Patient/${foreign.resource.id}`, { headers: bearer(access_token) })).status).toBe(404);
    expect((await t.app.request(`/fhir/Patient/${patientId}`, { headers: bearer(access_token) })).status).toBe(200);
  });
});
