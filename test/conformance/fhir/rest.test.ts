import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/lib/clock';
import { createTestPractice } from '../../support/practices';
import { createTestApp, systemPrincipal, type TestApp } from '../../support/test-app';

const BASE = 'http://localhost:8787/fhir';
const FHIR_JSON = { 'content-type': 'application/fhir+json' };
const clock = fixedClock(new Date('2026-03-02T09:00:00Z'));

let t: TestApp;
let auth: Record<string, string>;
let otherAuth: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp(undefined, clock);
  auth = t.authorize(systemPrincipal(await createTestPractice(t.repositories, 'Stride Clinic')));
  otherAuth = t.authorize(systemPrincipal(await createTestPractice(t.repositories, 'Other Clinic')));
});
afterAll(() => t.close());

const patient = (family = 'Rivera', extra: Record<string, unknown> = {}) => ({
  resourceType: 'Patient',
  name: [{ family, given: ['Ana'] }],
  birthDate: '1958-04-12',
  ...extra,
});

async function create(resource: object, headers: Record<string, string> = {}) {
  clock.advance(1000);
  return t.app.request('/fhir/Patient', { method: 'POST', headers: { ...auth, ...FHIR_JSON, ...headers }, body: JSON.stringify(resource) });
}

async function createdId(resource: object = patient()): Promise<string> {
  const response = await create(resource);
  expect(response.status).toBe(201);
  return (await response.json()).id;
}

function put(id: string, resource: object, headers: Record<string, string> = {}) {
  clock.advance(1000);
  return t.app.request(`/fhir/Patient/${id}`, {
    method: 'PUT',
    headers: { ...auth, ...FHIR_JSON, ...headers },
    body: JSON.stringify({ ...resource, id }),
  });
}

const get = (path: string, headers: Record<string, string> = {}, as = auth) =>
  t.app.request(`/fhir/${path}`, { headers: { ...as, ...headers } });

describe('create', () => {
  it('assigns id, versionId 1 and lastUpdated, and answers 201 with Location, ETag and Last-Modified', async () => {
    const response = await create({ ...patient(), id: 'client-chosen', meta: { versionId: '99' } });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(body.meta).toMatchObject({ versionId: '1', lastUpdated: clock.now().toISOString() });
    expect(response.headers.get('location')).toBe(`${BASE}/Patient/${body.id}/_history/1`);
    expect(response.headers.get('etag')).toBe('W/"1"');
    expect(response.headers.get('last-modified')).toBe(clock.now().toUTCString());
    expect(response.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
  });

  it('with If-None-Exist creates when nothing matches, returns the match with 200, and refuses several matches with 412', async () => {
    const criteria = { 'if-none-exist': 'identifier=urn:mrn|C-100' };
    const withMrn = patient('Chen', { identifier: [{ system: 'urn:mrn', value: 'C-100' }] });
    const first = await create(withMrn, criteria);
    expect(first.status).toBe(201);
    const second = await create(withMrn, criteria);
    expect(second.status).toBe(200);
    expect((await second.json()).id).toBe((await first.json()).id);

    await create(patient('Twin'));
    await create(patient('Twin'));
    const ambiguous = await create(patient('Twin'), { 'if-none-exist': 'family=Twin' });
    expect(ambiguous.status).toBe(412);
    expect((await ambiguous.json()).resourceType).toBe('OperationOutcome');
  });

  it('refuses If-None-Exist criteria it cannot evaluate rather than creating blindly', async () => {
    const response = await create(patient(), { 'if-none-exist': 'favourite-colour=blue' });
    expect(response.status).toBe(400);
  });

  it('refuses a body whose resourceType is not the one addressed', async () => {
    const response = await t.app.request('/fhir/Patient', {
      method: 'POST',
      headers: { ...auth, ...FHIR_JSON },
      body: JSON.stringify({ resourceType: 'Observation', status: 'final', code: { text: 'x' } }),
    });
    expect(response.status).toBe(400);
  });
});

describe('read and vread', () => {
  it('reads the current version and each past version', async () => {
    const id = await createdId();
    await put(id, patient('Rivera-Lopez'));
    const current = await get(`Patient/${id}`);
    expect(current.headers.get('etag')).toBe('W/"2"');
    expect((await current.json()).name[0].family).toBe('Rivera-Lopez');
    const first = await get(`Patient/${id}/_history/1`);
    expect(first.status).toBe(200);
    expect((await first.json()).name[0].family).toBe('Rivera');
    expect((await get(`Patient/${id}/_history/7`)).status).toBe(404);
  });

  it('answers 304 for If-None-Match with the current ETag and If-Modified-Since not before the last change', async () => {
    const id = await createdId();
    expect((await get(`Patient/${id}`, { 'if-none-match': 'W/"1"' })).status).toBe(304);
    expect((await get(`Patient/${id}`, { 'if-none-match': 'W/"0"' })).status).toBe(200);
    expect((await get(`Patient/${id}`, { 'if-modified-since': clock.now().toUTCString() })).status).toBe(304);
    expect((await get(`Patient/${id}`, { 'if-modified-since': new Date(0).toUTCString() })).status).toBe(200);
  });

  it('answers 404 for an unknown id, a malformed id and another practice’s resource', async () => {
    const id = await createdId();
    expect((await get('Patient/6f1c2b1e-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await get('Patient/not-a-uuid')).status).toBe(404);
    const foreign = await get(`Patient/${id}`, {}, otherAuth);
    expect(foreign.status).toBe(404);
    expect((await foreign.json()).resourceType).toBe('OperationOutcome');
  });

  it('answers 404 for a resource type it does not serve', async () => {
    expect((await get('Medication/6f1c2b1e-0000-4000-8000-000000000000')).status).toBe(404);
  });
});

describe('update', () => {
  it('writes a new version, with If-Match honoured and a stale If-Match refused with 412', async () => {
    const id = await createdId();
    const updated = await put(id, patient('Rivera', { gender: 'female' }), { 'if-match': 'W/"1"' });
    expect(updated.status).toBe(200);
    expect(updated.headers.get('etag')).toBe('W/"2"');
    expect(updated.headers.get('location')).toBe(`${BASE}/Patient/${id}/_history/2`);
    const stale = await put(id, patient('Rivera'), { 'if-match': 'W/"1"' });
    expect(stale.status).toBe(412);
    expect((await get(`Patient/${id}`)).headers.get('etag')).toBe('W/"2"');
  });

  it('refuses a malformed If-Match, a body id that differs from the URL, and an unknown id', async () => {
    const id = await createdId();
    expect((await put(id, patient(), { 'if-match': 'version one' })).status).toBe(400);
    const mismatch = await t.app.request(`/fhir/Patient/${id}`, {
      method: 'PUT',
      headers: { ...auth, ...FHIR_JSON },
      body: JSON.stringify({ ...patient(), id: '6f1c2b1e-0000-4000-8000-000000000000' }),
    });
    expect(mismatch.status).toBe(400);
    expect((await put('6f1c2b1e-0000-4000-8000-000000000001', patient())).status).toBe(404);
  });

  it('cannot touch another practice’s resource', async () => {
    const id = await createdId();
    const response = await t.app.request(`/fhir/Patient/${id}`, {
      method: 'PUT',
      headers: { ...otherAuth, ...FHIR_JSON },
      body: JSON.stringify({ ...patient('Hijacked'), id }),
    });
    expect(response.status).toBe(404);
    expect((await (await get(`Patient/${id}`)).json()).name[0].family).toBe('Rivera');
  });
});

describe('delete', () => {
  it('answers 204, then read is 410 Gone, vread of the tombstone 410 and earlier versions still readable', async () => {
    const id = await createdId();
    const deleted = await t.app.request(`/fhir/Patient/${id}`, { method: 'DELETE', headers: auth });
    expect(deleted.status).toBe(204);
    expect(deleted.headers.get('etag')).toBe('W/"2"');
    const gone = await get(`Patient/${id}`);
    expect(gone.status).toBe(410);
    expect((await gone.json()).issue[0].code).toBe('deleted');
    expect((await get(`Patient/${id}/_history/2`)).status).toBe(410);
    expect((await get(`Patient/${id}/_history/1`)).status).toBe(200);
    const again = await t.app.request(`/fhir/Patient/${id}`, { method: 'DELETE', headers: auth });
    expect(again.status).toBe(204);
  });

  it('cannot delete another practice’s resource', async () => {
    const id = await createdId();
    expect((await t.app.request(`/fhir/Patient/${id}`, { method: 'DELETE', headers: otherAuth })).status).toBe(404);
    expect((await get(`Patient/${id}`)).status).toBe(200);
  });
});

describe('history', () => {
  it('lists an instance’s versions newest first, tombstone included, with request methods', async () => {
    const id = await createdId();
    await put(id, patient('Second'));
    await t.app.request(`/fhir/Patient/${id}`, { method: 'DELETE', headers: auth });
    const bundle = await (await get(`Patient/${id}/_history`)).json();
    expect(bundle.type).toBe('history');
    expect(bundle.entry.map((entry: { request: { method: string } }) => entry.request.method)).toEqual(['DELETE', 'PUT', 'POST']);
    expect(bundle.entry[0].resource).toBeUndefined();
    expect(bundle.entry[1].resource.meta.versionId).toBe('2');
  });

  it('filters type history with _since and pages it with next links', async () => {
    const since = new Date(clock.now().getTime() + 1);
    const ids = [await createdId(patient('Page')), await createdId(patient('Page')), await createdId(patient('Page'))];
    const seen: string[] = [];
    let url: string | undefined = `Patient/_history?_since=${since.toISOString()}&_count=2`;
    while (url) {
      const page = await (await get(url)).json();
      seen.push(...page.entry.map((entry: { resource: { id: string } }) => entry.resource.id));
      url = page.link.find((link: { relation: string }) => link.relation === 'next')?.url.replace(`${BASE}/`, '');
      if (url) expect(url).toContain('_since=');
    }
    expect(seen).toEqual([...ids].reverse());
  });

  it('refuses a _since that is not an instant', async () => {
    expect((await get('Patient/_history?_since=yesterday')).status).toBe(400);
  });

  it('does not show another practice’s versions', async () => {
    const id = await createdId();
    const bundle = await (await get(`Patient/${id}/_history`, {}, otherAuth)).json();
    expect(bundle.entry ?? []).toHaveLength(0);
  });
});

describe('Prefer return', () => {
  it('answers return=minimal with no body, return=OperationOutcome with an outcome, and the resource by default', async () => {
    const minimal = await create(patient(), { prefer: 'return=minimal' });
    expect(minimal.status).toBe(201);
    expect(await minimal.text()).toBe('');
    expect(minimal.headers.get('location')).toMatch(/\/_history\/1$/);
    const outcome = await create(patient(), { prefer: 'return=OperationOutcome' });
    expect((await outcome.json()).resourceType).toBe('OperationOutcome');
    const representation = await create(patient(), { prefer: 'return=representation' });
    expect((await representation.json()).resourceType).toBe('Patient');
  });
});

describe('media types', () => {
  it('accepts application/fhir+json and application/json with any charset, and _format=json', async () => {
    for (const contentType of ['application/fhir+json; charset=utf-8', 'application/json', 'application/json;charset=UTF-8']) {
      const response = await create(patient(), { 'content-type': contentType });
      expect(response.status).toBe(201);
    }
    expect((await get('Patient?_format=json')).status).toBe(200);
    expect((await get('Patient?_format=application/fhir%2Bjson')).status).toBe(200);
  });

  it('answers 415 for XML bodies, form bodies and _format=xml', async () => {
    const xml = await t.app.request('/fhir/Patient', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/fhir+xml' },
      body: '<Patient xmlns="http://hl7.org/fhir"/>',
    });
    expect(xml.status).toBe(415);
    expect((await xml.json()).resourceType).toBe('OperationOutcome');
    const form = await t.app.request('/fhir/Patient', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=x',
    });
    expect(form.status).toBe(415);
    expect((await get('Patient?_format=xml')).status).toBe(415);
  });

  it('answers 400 for malformed JSON, without echoing it', async () => {
    const response = await t.app.request('/fhir/Patient', {
      method: 'POST',
      headers: { ...auth, ...FHIR_JSON },
      body: '{"resourceType":"Patient","name":[{"family":"Secretname"',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain('Secretname');
  });
});

describe('Provenance', () => {
  it('records who wrote each version, as a read-only resource', async () => {
    const id = await createdId();
    await put(id, patient('Provenanced'));
    const bundle = await (await get('Provenance?_count=500')).json();
    const targets = bundle.entry.map((entry: { resource: { target: { reference: string }[] } }) => entry.resource.target[0]!.reference);
    expect(targets).toContain(`Patient/${id}/_history/1`);
    expect(targets).toContain(`Patient/${id}/_history/2`);
    const provenance = bundle.entry.find(
      (entry: { resource: { target: { reference: string }[] } }) => entry.resource.target[0]!.reference === `Patient/${id}/_history/2`,
    ).resource;
    expect(provenance.agent[0].who.display).toBe('client test-ehr');
    expect(provenance.activity.coding[0].code).toBe('UPDATE');

    const write = await t.app.request('/fhir/Provenance', {
      method: 'POST',
      headers: { ...auth, ...FHIR_JSON },
      body: JSON.stringify({ ...provenance, id: undefined }),
    });
    expect(write.status).toBe(405);
  });
});

describe('authentication', () => {
  it('refuses a request without a token with 401, WWW-Authenticate and an OperationOutcome', async () => {
    const response = await t.app.request('/fhir/Patient');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect((await response.json()).resourceType).toBe('OperationOutcome');
  });

  it('refuses an unknown token with error="invalid_token"', async () => {
    const response = await t.app.request('/fhir/Patient', { headers: { authorization: 'Bearer forged' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });
});
