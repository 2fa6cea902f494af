import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BUNDLE_ENTRIES } from '../../../src/api/fhir/interactions/bundle-plan';
import { createTestPractice } from '../../support/practices';
import { createTestApp, systemPrincipal, type TestApp } from '../../support/test-app';
import { bundle, FHIR_JSON_HEADERS, hypertension, patient, sixMinuteWalk, urn, type BundleEntryRequest } from './bundle-fixtures';

let t: TestApp;
let auth: Record<string, string>;
let otherAuth: Record<string, string>;
const BASE = 'http://localhost:8787/fhir';

beforeAll(async () => {
  t = await createTestApp();
  auth = t.authorize(systemPrincipal(await createTestPractice(t.repositories, 'Stride Clinic')));
  otherAuth = t.authorize(systemPrincipal(await createTestPractice(t.repositories, 'Other Clinic')));
});
afterAll(() => t.close());

function post(body: unknown, headers: Record<string, string> = {}, as = auth) {
  return t.app.request('/fhir', { method: 'POST', headers: { ...as, ...FHIR_JSON_HEADERS, ...headers }, body: JSON.stringify(body) });
}

async function searchTotal(query: string, as = auth): Promise<number> {
  const response = await t.app.request(`/fhir/${query}`, { headers: as });
  expect(response.status).toBe(200);
  return ((await response.json()).entry ?? []).length;
}

/** Every current resource of a type in the practice, following next links. */
async function countAll(resourceType: string): Promise<number> {
  let url: string | undefined = `/fhir/${resourceType}?_count=500`;
  let total = 0;
  while (url) {
    const page = await (await t.app.request(url, { headers: auth })).json();
    total += (page.entry ?? []).length;
    const next: string | undefined = page.link?.find((link: { relation: string }) => link.relation === 'next')?.url;
    url = next?.replace('http://localhost:8787', '');
  }
  return total;
}

function uniqueMrn(): string {
  return `MRN-${crypto.randomUUID()}`;
}

describe('transaction', () => {
  it('creates a Patient, a Condition and an Observation whose urn:uuid references are rewritten to the assigned ids', async () => {
    const patientUrl = urn();
    const mrn = uniqueMrn();
    const entries: BundleEntryRequest[] = [
      { fullUrl: urn(), resource: sixMinuteWalk(patientUrl), request: { method: 'POST', url: 'Observation' } },
      { fullUrl: urn(), resource: hypertension(patientUrl), request: { method: 'POST', url: 'Condition' } },
      { fullUrl: patientUrl, resource: patient(mrn), request: { method: 'POST', url: 'Patient' } },
    ];
    const response = await post(bundle('transaction', entries));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.resourceType).toBe('Bundle');
    expect(body.type).toBe('transaction-response');
    expect(body.entry).toHaveLength(3);

    const [observation, condition, created] = body.entry;
    for (const entry of body.entry) {
      expect(entry.response.status).toBe('201 Created');
      expect(entry.response.etag).toBe('W/"1"');
      expect(entry.response.location).toMatch(new RegExp(`^${BASE}/[A-Za-z]+/[0-9a-f-]{36}/_history/1$`));
      expect(Date.parse(entry.response.lastModified)).not.toBeNaN();
    }
    const patientId = created.resource.id;
    expect(created.resource.resourceType).toBe('Patient');
    expect(created.fullUrl).toBe(`${BASE}/Patient/${patientId}`);
    expect(observation.resource.subject.reference).toBe(`Patient/${patientId}`);
    expect(condition.resource.subject.reference).toBe(`Patient/${patientId}`);

    const stored = await (await t.app.request(`/fhir/Observation/${observation.resource.id}`, { headers: auth })).json();
    expect(stored.subject.reference).toBe(`Patient/${patientId}`);
    expect(await searchTotal(`Observation?patient=${patientId}`)).toBe(1);
    expect(await searchTotal(`Condition?patient=${patientId}`)).toBe(1);
  });

  it('rolls everything back when one entry fails and answers that entry’s OperationOutcome and status', async () => {
    const patientUrl = urn();
    const mrn = uniqueMrn();
    const response = await post(
      bundle('transaction', [
        { fullUrl: patientUrl, resource: patient(mrn), request: { method: 'POST', url: 'Patient' } },
        { fullUrl: urn(), resource: hypertension(patientUrl), request: { method: 'POST', url: 'Condition' } },
        {
          resource: { ...patient(uniqueMrn()), id: crypto.randomUUID() },
          request: { method: 'PUT', url: `Patient/${crypto.randomUUID()}` },
        },
      ]),
    );
    expect(response.status).toBe(400);
    const outcome = await response.json();
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue[0].severity).toBe('error');
    expect(outcome.issue.at(-1).expression).toEqual(['Bundle.entry[2]']);
    expect(await searchTotal(`Patient?identifier=${encodeURIComponent(mrn)}`)).toBe(0);
  });

  it('rolls back writes already made, Provenance included, when a later entry is refused by the store', async () => {
    const mrn = uniqueMrn();
    const patientUrl = urn();
    const missing = crypto.randomUUID();
    const before = { observations: await countAll('Observation'), provenance: await countAll('Provenance') };
    const response = await post(
      bundle('transaction', [
        { fullUrl: patientUrl, resource: patient(mrn), request: { method: 'POST', url: 'Patient' } },
        { fullUrl: urn(), resource: sixMinuteWalk(patientUrl), request: { method: 'POST', url: 'Observation' } },
        { resource: { ...patient(uniqueMrn()), id: missing }, request: { method: 'PUT', url: `Patient/${missing}` } },
      ]),
    );
    expect(response.status).toBe(404);
    const outcome = await response.json();
    expect(outcome.issue[0].code).toBe('not-found');
    expect(outcome.issue.at(-1).diagnostics).toContain('nothing was changed');
    expect(await searchTotal(`Patient?identifier=${encodeURIComponent(mrn)}`)).toBe(0);
    expect(await countAll('Observation')).toBe(before.observations);
    expect(await countAll('Provenance')).toBe(before.provenance);
  });

  it('refuses a create of a read-only type (Provenance) with 405 and writes nothing', async () => {
    const mrn = uniqueMrn();
    const response = await post(
      bundle('transaction', [
        { fullUrl: urn(), resource: patient(mrn), request: { method: 'POST', url: 'Patient' } },
        { resource: { resourceType: 'Provenance' }, request: { method: 'POST', url: 'Provenance' } },
      ]),
    );
    expect(response.status).toBe(405);
    expect(await searchTotal(`Patient?identifier=${encodeURIComponent(mrn)}`)).toBe(0);
  });

  it('processes DELETE, POST, PUT and GET in that order whatever their order in the Bundle', async () => {
    const mrn = uniqueMrn();
    const seeded = await (
      await t.app.request('/fhir/Patient', { method: 'POST', headers: { ...auth, ...FHIR_JSON_HEADERS }, body: JSON.stringify(patient(uniqueMrn())) })
    ).json();
    const toDelete = await (
      await t.app.request('/fhir/Patient', { method: 'POST', headers: { ...auth, ...FHIR_JSON_HEADERS }, body: JSON.stringify(patient(uniqueMrn())) })
    ).json();
    const response = await post(
      bundle('transaction', [
        { request: { method: 'GET', url: `Patient?identifier=${encodeURIComponent(mrn)}` } },
        { request: { method: 'GET', url: `Patient/${seeded.id}` } },
        { resource: { ...seeded, gender: 'other' }, request: { method: 'PUT', url: `Patient/${seeded.id}`, ifMatch: 'W/"1"' } },
        { fullUrl: urn(), resource: patient(mrn), request: { method: 'POST', url: 'Patient' } },
        { request: { method: 'DELETE', url: `Patient/${toDelete.id}` } },
      ]),
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.entry.map((entry: { response: { status: string } }) => entry.response.status)).toEqual([
      '200 OK',
      '200 OK',
      '200 OK',
      '201 Created',
      '204 No Content',
    ]);
    expect(body.entry[0].resource.type).toBe('searchset');
    expect(body.entry[0].resource.entry).toHaveLength(1);
    expect(body.entry[1].resource.gender).toBe('other');
    expect(body.entry[2].response.etag).toBe('W/"2"');
    expect((await t.app.request(`/fhir/Patient/${toDelete.id}`, { headers: auth })).status).toBe(410);
  });

  it('rewrites urn:uuid values in GET entry search URLs', async () => {
    const patientUrl = urn();
    const response = await post(
      bundle('transaction', [
        { request: { method: 'GET', url: `Observation?subject=${patientUrl}` } },
        { fullUrl: patientUrl, resource: patient(uniqueMrn()), request: { method: 'POST', url: 'Patient' } },
        { fullUrl: urn(), resource: sixMinuteWalk(patientUrl), request: { method: 'POST', url: 'Observation' } },
      ]),
    );
    expect(response.status).toBe(200);
    const [search, created] = (await response.json()).entry;
    expect(search.resource.entry).toHaveLength(1);
    expect(search.resource.entry[0].resource.subject.reference).toBe(`Patient/${created.resource.id}`);
  });

  it('supports conditional create: a match is reused (200) and references to its fullUrl point at it', async () => {
    const mrn = uniqueMrn();
    const existing = await (
      await t.app.request('/fhir/Patient', { method: 'POST', headers: { ...auth, ...FHIR_JSON_HEADERS }, body: JSON.stringify(patient(mrn)) })
    ).json();
    const patientUrl = urn();
    const newMrn = uniqueMrn();
    const response = await post(
      bundle('transaction', [
        {
          fullUrl: patientUrl,
          resource: patient(mrn, 'Changed'),
          request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${encodeURIComponent(`urn:oid:2.16.840.1.113883.3.7418.1|${mrn}`)}` },
        },
        { fullUrl: urn(), resource: sixMinuteWalk(patientUrl), request: { method: 'POST', url: 'Observation' } },
        {
          fullUrl: urn(),
          resource: patient(newMrn),
          request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${encodeURIComponent(newMrn)}` },
        },
      ]),
    );
    expect(response.status).toBe(200);
    const [matched, observation, created] = (await response.json()).entry;
    expect(matched.response.status).toBe('200 OK');
    expect(matched.resource.id).toBe(existing.id);
    expect(matched.resource.name[0].family).toBe('Okafor');
    expect(observation.resource.subject.reference).toBe(`Patient/${existing.id}`);
    expect(created.response.status).toBe('201 Created');
    expect(await searchTotal(`Patient?identifier=${encodeURIComponent(mrn)}`)).toBe(1);
  });

  it('resolves a conditional reference to the one resource its criteria match', async () => {
    const mrn = uniqueMrn();
    const existing = await (
      await t.app.request('/fhir/Patient', { method: 'POST', headers: { ...auth, ...FHIR_JSON_HEADERS }, body: JSON.stringify(patient(mrn)) })
    ).json();
    const response = await post(
      bundle('transaction', [
        { fullUrl: urn(), resource: hypertension(`Patient?identifier=${encodeURIComponent(mrn)}`), request: { method: 'POST', url: 'Condition' } },
      ]),
    );
    expect(response.status).toBe(200);
    expect((await response.json()).entry[0].resource.subject.reference).toBe(`Patient/${existing.id}`);

    const unmatched = await post(
      bundle('transaction', [
        { fullUrl: urn(), resource: hypertension(`Patient?identifier=${uniqueMrn()}`), request: { method: 'POST', url: 'Condition' } },
      ]),
    );
    expect(unmatched.status).toBe(412);
  });

  it('honours Prefer: return=minimal and return=OperationOutcome for every entry', async () => {
    const minimal = await post(
      bundle('transaction', [{ fullUrl: urn(), resource: patient(uniqueMrn()), request: { method: 'POST', url: 'Patient' } }]),
      { prefer: 'return=minimal' },
    );
    const [entry] = (await minimal.json()).entry;
    expect(entry.resource).toBeUndefined();
    expect(entry.response.status).toBe('201 Created');
    expect(entry.response.location).toMatch(/\/Patient\/[0-9a-f-]{36}\/_history\/1$/);

    const outcome = await post(
      bundle('batch', [{ resource: patient(uniqueMrn()), request: { method: 'POST', url: 'Patient' } }]),
      { prefer: 'return=OperationOutcome' },
    );
    const [withOutcome] = (await outcome.json()).entry;
    expect(withOutcome.resource).toBeUndefined();
    expect(withOutcome.response.outcome.resourceType).toBe('OperationOutcome');
  });

  it('refuses references to a fullUrl that no entry has, before writing anything', async () => {
    const mrn = uniqueMrn();
    const response = await post(
      bundle('transaction', [
        { fullUrl: urn(), resource: patient(mrn), request: { method: 'POST', url: 'Patient' } },
        { fullUrl: urn(), resource: hypertension(urn()), request: { method: 'POST', url: 'Condition' } },
      ]),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).issue[0].diagnostics).toContain('Bundle.entry[1]');
    expect(await searchTotal(`Patient?identifier=${encodeURIComponent(mrn)}`)).toBe(0);
  });

  it('refuses entries that reference each other in a cycle', async () => {
    const a = urn();
    const b = urn();
    const response = await post(
      bundle('transaction', [
        { fullUrl: a, resource: { ...hypertension(b) }, request: { method: 'POST', url: 'Condition' } },
        { fullUrl: b, resource: { ...hypertension(a) }, request: { method: 'POST', url: 'Condition' } },
      ]),
    );
    expect(response.status).toBe(400);
  });

  it('refuses two entries that change the same resource', async () => {
    const id = crypto.randomUUID();
    const response = await post(
      bundle('transaction', [
        { request: { method: 'DELETE', url: `Patient/${id}` } },
        { resource: { ...patient(uniqueMrn()), id }, request: { method: 'PUT', url: `Patient/${id}` } },
      ]),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).issue[0].diagnostics).toContain('only once');
  });
});

describe('batch', () => {
  it('answers each entry on its own: one failure does not undo the others', async () => {
    const mrn = uniqueMrn();
    const response = await post(
      bundle('batch', [
        { resource: patient(mrn), request: { method: 'POST', url: 'Patient' } },
        { request: { method: 'GET', url: `Patient/${crypto.randomUUID()}` } },
        { resource: { resourceType: 'Provenance' }, request: { method: 'POST', url: 'Provenance' } },
        { request: { method: 'GET', url: `Patient?identifier=${encodeURIComponent(mrn)}` } },
        { request: { method: 'PATCH', url: 'Patient/abc' } },
      ]),
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.type).toBe('batch-response');
    const statuses = body.entry.map((entry: { response: { status: string } }) => entry.response.status);
    expect(statuses).toEqual(['201 Created', '404 Not Found', '405 Method Not Allowed', '200 OK', '405 Method Not Allowed']);
    expect(body.entry[1].response.outcome.resourceType).toBe('OperationOutcome');
    expect(body.entry[1].response.outcome.issue[0].code).toBe('not-found');
    expect(body.entry[3].resource.entry).toHaveLength(1);
    expect(await searchTotal(`Patient?identifier=${encodeURIComponent(mrn)}`)).toBe(1);
  });

  it('refuses, in that entry only, a reference to another entry’s urn:uuid', async () => {
    const patientUrl = urn();
    const response = await post(
      bundle('batch', [
        { fullUrl: patientUrl, resource: patient(uniqueMrn()), request: { method: 'POST', url: 'Patient' } },
        { resource: hypertension(patientUrl), request: { method: 'POST', url: 'Condition' } },
      ]),
    );
    expect(response.status).toBe(200);
    const [created, refused] = (await response.json()).entry;
    expect(created.response.status).toBe('201 Created');
    expect(refused.response.status).toBe('400 Bad Request');
  });

  it('reads, vreads and runs $everything through the same interactions as HTTP', async () => {
    const created = await (
      await t.app.request('/fhir/Patient', { method: 'POST', headers: { ...auth, ...FHIR_JSON_HEADERS }, body: JSON.stringify(patient(uniqueMrn())) })
    ).json();
    const response = await post(
      bundle('batch', [
        { request: { method: 'GET', url: `Patient/${created.id}` } },
        { request: { method: 'GET', url: `${BASE}/Patient/${created.id}/_history/1` } },
        { request: { method: 'GET', url: `Patient/${created.id}`, ifNoneMatch: 'W/"1"' } },
        { request: { method: 'GET', url: `Patient/${created.id}/$everything` } },
        { request: { method: 'GET', url: 'Medication/123' } },
      ]),
    );
    const entries = (await response.json()).entry;
    expect(entries[0].resource.id).toBe(created.id);
    expect(entries[0].response.etag).toBe('W/"1"');
    expect(entries[1].response.status).toBe('200 OK');
    expect(entries[2].response.status).toBe('304 Not Modified');
    expect(entries[3].resource.type).toBe('searchset');
    expect(entries[4].response.status).toBe('404 Not Found');
  });
});

describe('Bundle shape', () => {
  it('refuses a body that is not a Bundle', async () => {
    expect((await post(patient(uniqueMrn()))).status).toBe(400);
  });

  it('refuses a Bundle that is neither batch nor transaction', async () => {
    const response = await post(bundle('collection', []));
    expect(response.status).toBe(400);
    expect((await response.json()).issue[0].expression).toEqual(['Bundle.type']);
  });

  it('refuses an entry without a request', async () => {
    const response = await post({ resourceType: 'Bundle', type: 'batch', entry: [{ resource: patient(uniqueMrn()) }] });
    expect(response.status).toBe(400);
    expect((await response.json()).issue[0].expression).toEqual(['Bundle.entry[0].request']);
  });

  it('refuses duplicate fullUrls', async () => {
    const fullUrl = urn();
    const response = await post(
      bundle('transaction', [
        { fullUrl, resource: patient(uniqueMrn()), request: { method: 'POST', url: 'Patient' } },
        { fullUrl, resource: patient(uniqueMrn()), request: { method: 'POST', url: 'Patient' } },
      ]),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).issue[0].expression).toEqual(['Bundle.entry[1].fullUrl']);
  });

  it(`refuses more than ${MAX_BUNDLE_ENTRIES} entries with 413`, async () => {
    const entries = Array.from({ length: MAX_BUNDLE_ENTRIES + 1 }, () => ({ request: { method: 'GET', url: 'Patient' } }));
    const response = await post(bundle('batch', entries));
    expect(response.status).toBe(413);
    expect((await response.json()).issue[0].code).toBe('too-costly');
  });

  it('answers an empty transaction with an empty transaction-response', async () => {
    const response = await post(bundle('transaction', []));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ resourceType: 'Bundle', type: 'transaction-response' });
  });
});

describe('Bundle security', () => {
  it('needs a bearer token', async () => {
    const response = await t.app.request('/fhir', { method: 'POST', headers: FHIR_JSON_HEADERS, body: JSON.stringify(bundle('batch', [])) });
    expect(response.status).toBe(401);
  });

  it('does not reach another practice’s resources from an entry', async () => {
    const created = await (
      await t.app.request('/fhir/Patient', { method: 'POST', headers: { ...auth, ...FHIR_JSON_HEADERS }, body: JSON.stringify(patient(uniqueMrn())) })
    ).json();
    const response = await post(
      bundle('batch', [
        { request: { method: 'GET', url: `Patient/${created.id}` } },
        { request: { method: 'DELETE', url: `Patient/${created.id}` } },
      ]),
      {},
      otherAuth,
    );
    const entries = (await response.json()).entry;
    expect(entries[0].response.status).toBe('404 Not Found');
    expect(entries[1].response.status).toBe('404 Not Found');
    expect((await t.app.request(`/fhir/Patient/${created.id}`, { headers: auth })).status).toBe(200);
  });
});
