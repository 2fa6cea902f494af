import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/api/auth/principal';
import type { PracticeResourceStore } from '../../../src/db/resource-store/resource-store';
import { createTestPractice } from '../../support/practices';
import { createTestApp, type TestApp } from '../../support/test-app';
import { bundle, FHIR_JSON_HEADERS, hypertension, sixMinuteWalk } from '../fhir/bundle-fixtures';

/**
 * SMART scopes enforced on every FHIR and practice-API request, whatever the principal's token
 * grammar: each test acts as a principal holding exactly the scopes it names (the real token flow
 * is in scope-enforcement-tokens.test.ts) and checks what it may and may not see or change.
 */

const CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const VITALS = `${CATEGORY}|vital-signs`;
const LAB = `${CATEGORY}|laboratory`;

let t: TestApp;
let practiceId: string;
let store: PracticeResourceStore;
let ada: string;
let bea: string;
const ids = { adaVitals: [] as string[], adaLabs: [] as string[], adaWalk: '', adaCondition: '', beaVitals: '' };

const client = (...scopes: string[]): Principal => ({ practiceId, actor: { kind: 'client', clientId: 'ehr' }, scopes });
const trainer = (...scopes: string[]): Principal => ({
  practiceId,
  actor: { kind: 'user', userId: 'dana', practitionerId: crypto.randomUUID() },
  scopes,
});
const adaApp = (...scopes: string[]): Principal => ({ ...trainer(...scopes), patientId: ada });

const get = (principal: Principal, path: string) => t.app.request(path, { headers: t.authorize(principal) });
const send = (principal: Principal, method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  t.app.request(path, { method, headers: { ...t.authorize(principal), ...FHIR_JSON_HEADERS, ...headers }, body: JSON.stringify(body) });

interface BundleJson {
  total?: number;
  link: { relation: string; url: string }[];
  entry?: { resource: { resourceType: string; id: string }; search?: { mode: string }; response?: { status: string; outcome?: unknown } }[];
}

async function bundleOf(response: Response): Promise<BundleJson> {
  expect(response.status).toBe(200);
  return response.json();
}

const idsIn = (page: BundleJson, mode = 'match') =>
  (page.entry ?? []).filter((entry) => entry.search?.mode === mode).map((entry) => entry.resource.id).sort();

/** Every match across `next` links. */
async function allMatches(principal: Principal, path: string): Promise<{ ids: string[]; pages: number; total?: number }> {
  const found: string[] = [];
  let url: string | undefined = path;
  let pages = 0;
  let total: number | undefined;
  while (url) {
    const page: BundleJson = await bundleOf(await get(principal, url));
    if (pages === 0) total = page.total;
    pages++;
    found.push(...idsIn(page));
    url = page.link.find((link) => link.relation === 'next')?.url.replace('http://localhost:8787', '');
  }
  return { ids: found.sort(), pages, total };
}

async function expectForbidden(response: Response, ...named: RegExp[]) {
  expect(response.status).toBe(403);
  const outcome = await response.json();
  expect(outcome.resourceType).toBe('OperationOutcome');
  expect(outcome.issue[0].code).toBe('forbidden');
  for (const pattern of named) expect(outcome.issue[0].diagnostics).toMatch(pattern);
}

function observation(patientId: string, category: string) {
  const [system, code] = category.split('|');
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [{ coding: [{ system, code }] }],
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
    subject: { reference: `Patient/${patientId}` },
  };
}

/** Every Observation of a Patient, as the server (not a token) sees them. */
async function observationsOf(patientId: string): Promise<string[]> {
  const clause = { kind: 'reference' as const, param: 'patient', matches: [{ targetType: 'Patient', targetId: patientId }] };
  const { resources } = await store.search('Observation', { clauses: [clause], count: 1000 });
  return resources.map((resource) => resource.id).sort();
}

const seed = async (resource: { resourceType: string }) => (await store.create(resource)).resource.id;

beforeAll(async () => {
  t = await createTestApp();
  practiceId = await createTestPractice(t.repositories, 'Scoped Practice');
  store = t.repositories.resourcesOf(practiceId);
  ada = await seed({ resourceType: 'Patient', name: [{ family: 'Okafor' }] } as { resourceType: string });
  bea = await seed({ resourceType: 'Patient', name: [{ family: 'Mensah' }] } as { resourceType: string });
  for (let i = 0; i < 3; i++) ids.adaVitals.push(await seed(observation(ada, VITALS)));
  for (let i = 0; i < 2; i++) ids.adaLabs.push(await seed(observation(ada, LAB)));
  ids.adaWalk = await seed(sixMinuteWalk(`Patient/${ada}`));
  ids.adaCondition = await seed(hypertension(`Patient/${ada}`));
  ids.beaVitals = await seed(observation(bea, VITALS));
});
afterAll(() => t.close());

describe('interaction scopes', () => {
  it('lets v1 .read read and search but not write', async () => {
    const reader = client('system/Observation.read');
    expect((await get(reader, `/fhir/Observation/${ids.adaWalk}`)).status).toBe(200);
    expect((await get(reader, '/fhir/Observation?_count=1')).status).toBe(200);
    await expectForbidden(await send(reader, 'POST', '/fhir/Observation', sixMinuteWalk(`Patient/${ada}`)), /create/, /Observation/, /system\/Observation\.c/);
  });

  it('lets v1 .write write but not read', async () => {
    const writer = client('system/Observation.write');
    expect((await send(writer, 'POST', '/fhir/Observation', sixMinuteWalk(`Patient/${ada}`))).status).toBe(201);
    await expectForbidden(await get(writer, `/fhir/Observation/${ids.adaWalk}`), /read of Observation/);
  });

  it('lets v2 .rs read and search but refuses create, update and delete', async () => {
    const reader = client('system/Observation.rs');
    expect((await get(reader, `/fhir/Observation/${ids.adaWalk}`)).status).toBe(200);
    expect((await get(reader, `/fhir/Observation/${ids.adaWalk}/_history`)).status).toBe(200);
    expect((await get(reader, '/fhir/Observation?_count=1')).status).toBe(200);
    await expectForbidden(await send(reader, 'POST', '/fhir/Observation', sixMinuteWalk(`Patient/${ada}`)), /create of Observation/);
    const current = await (await get(reader, `/fhir/Observation/${ids.adaWalk}`)).json();
    await expectForbidden(await send(reader, 'PUT', `/fhir/Observation/${ids.adaWalk}`, current), /update of Observation/);
    await expectForbidden(await t.app.request(`/fhir/Observation/${ids.adaWalk}`, { method: 'DELETE', headers: t.authorize(reader) }), /delete of Observation/);
  });

  it('tells v2 .r (read) from .s (search)', async () => {
    expect((await get(client('system/Observation.r'), `/fhir/Observation/${ids.adaWalk}`)).status).toBe(200);
    await expectForbidden(await get(client('system/Observation.r'), '/fhir/Observation'), /search of Observation/);
    await expectForbidden(await get(client('system/Observation.s'), `/fhir/Observation/${ids.adaWalk}`), /read of Observation/);
    await expectForbidden(await get(client('system/Observation.r'), '/fhir/Observation/_history'), /search of Observation/);
  });

  it('applies a * scope to every type and a typed scope to its type only', async () => {
    expect((await get(client('system/*.rs'), `/fhir/Condition/${ids.adaCondition}`)).status).toBe(200);
    expect((await get(client('system/*.rs'), `/fhir/Patient/${ada}`)).status).toBe(200);
    await expectForbidden(await get(client('system/Observation.rs'), `/fhir/Condition/${ids.adaCondition}`), /read of Condition/);
  });

  it('refuses a system/ scope held by a user, and a user/ scope held by a client', async () => {
    await expectForbidden(await get(trainer('system/*.cruds'), `/fhir/Patient/${ada}`), /read of Patient/, /user\/Patient\.r/);
    await expectForbidden(await get(client('user/*.cruds'), `/fhir/Patient/${ada}`), /read of Patient/, /system\/Patient\.r/);
  });

  it('grants nothing for patient/ scopes without a patient in context', async () => {
    await expectForbidden(await get(trainer('patient/*.rs'), `/fhir/Patient/${ada}`), /read of Patient/);
  });
});

describe("patient/ scopes: the patient's compartment", () => {
  it('reads inside the compartment; outside it nothing exists (404)', async () => {
    const app = adaApp('patient/*.rs');
    expect((await get(app, `/fhir/Patient/${ada}`)).status).toBe(200);
    expect((await get(app, `/fhir/Observation/${ids.adaWalk}`)).status).toBe(200);
    expect((await get(app, `/fhir/Observation/${ids.adaWalk}/_history/1`)).status).toBe(200);
    expect((await get(app, `/fhir/Patient/${bea}`)).status).toBe(404);
    expect((await get(app, `/fhir/Observation/${ids.beaVitals}`)).status).toBe(404);
    expect((await get(app, `/fhir/Observation/${ids.beaVitals}/_history/1`)).status).toBe(404);
    expect(idsIn(await bundleOf(await get(app, `/fhir/Observation/${ids.beaVitals}/_history`)))).toEqual([]);
  });

  it('confines searches, their totals and type history to the compartment', async () => {
    const app = adaApp('patient/*.rs');
    const adaObservations = await observationsOf(ada);
    expect(adaObservations.length).toBeGreaterThan(2);
    const all = await allMatches(app, '/fhir/Observation?_count=2&_total=accurate');
    expect(all.ids).toEqual(adaObservations);
    expect(all.total).toBe(adaObservations.length);
    expect(all.pages).toBe(Math.ceil(adaObservations.length / 2));
    expect(idsIn(await bundleOf(await get(app, `/fhir/Observation?patient=Patient/${bea}`)))).toEqual([]);
    expect(idsIn(await bundleOf(await get(app, '/fhir/Patient')))).toEqual([ada]);
    const history = await bundleOf(await get(app, '/fhir/Observation/_history?_count=100'));
    expect((history.entry ?? []).every((entry) => entry.resource && adaObservations.includes(entry.resource.id))).toBe(true);
  });

  it('writes only inside the compartment', async () => {
    const app = adaApp('patient/*.cruds');
    const created = await send(app, 'POST', '/fhir/Observation', sixMinuteWalk(`Patient/${ada}`));
    expect(created.status).toBe(201);
    const mine = await created.json();
    await expectForbidden(await send(app, 'POST', '/fhir/Observation', sixMinuteWalk(`Patient/${bea}`)), /create Observation only inside/);
    await expectForbidden(await send(app, 'PUT', `/fhir/Observation/${mine.id}`, { ...mine, subject: { reference: `Patient/${bea}` } }), /update Observation only inside/);
    const beas = JSON.parse((await store.read('Observation', ids.beaVitals))!.json!);
    expect((await send(app, 'PUT', `/fhir/Observation/${ids.beaVitals}`, { ...beas, status: 'amended' })).status).toBe(404);
    expect((await t.app.request(`/fhir/Observation/${ids.beaVitals}`, { method: 'DELETE', headers: t.authorize(app) })).status).toBe(404);
    expect((await store.read('Observation', ids.beaVitals))!.versionId).toBe(1);
  });

  it('leaves included resources outside the compartment or the scopes out', async () => {
    const page = await bundleOf(await get(adaApp('patient/Observation.rs'), `/fhir/Observation?_id=${ids.adaWalk}&_include=Observation:patient`));
    expect(idsIn(page)).toEqual([ids.adaWalk]);
    expect(idsIn(page, 'include')).toEqual([]);
    const everyone = await bundleOf(await get(client('system/Patient.rs', `system/Observation.rs?category=${VITALS}`), '/fhir/Patient?_revinclude=Observation:patient'));
    expect(idsIn(everyone, 'include')).toEqual([...ids.adaVitals, ids.beaVitals].sort());
  });

  it('serves $everything of its own patient only, with only the types it may search', async () => {
    const app = adaApp('patient/Patient.rs', 'patient/Observation.rs');
    const page = await bundleOf(await get(app, `/fhir/Patient/${ada}/$everything?_count=100`));
    const types = new Set((page.entry ?? []).map((entry) => entry.resource.resourceType));
    expect([...types].sort()).toEqual(['Observation', 'Patient']);
    expect(idsIn(page)).not.toContain(ids.adaCondition);
    expect((await get(app, `/fhir/Patient/${bea}/$everything`)).status).toBe(404);
  });

  it("does not match a conditional create against resources outside the compartment, and needs search for it", async () => {
    const identifier = { system: 'urn:example:obs', value: crypto.randomUUID() };
    const beasTwin = await seed({ ...sixMinuteWalk(`Patient/${bea}`), identifier: [identifier] } as { resourceType: string });
    const condition = { 'If-None-Exist': `identifier=${identifier.system}|${identifier.value}` };
    const body = { ...sixMinuteWalk(`Patient/${ada}`), identifier: [identifier] };
    const created = await send(adaApp('patient/Observation.cs'), 'POST', '/fhir/Observation', body, condition);
    expect(created.status).toBe(201);
    expect((await created.json()).id).not.toBe(beasTwin);
    await expectForbidden(await send(adaApp('patient/Observation.c'), 'POST', '/fhir/Observation', body, condition), /search of Observation/);
  });
});

describe('granular scopes', () => {
  it('return exactly the resources of the allowed category, across pages and in totals', async () => {
    const vitals = trainer(`user/Observation.rs?category=${VITALS}`);
    const found = await allMatches(vitals, '/fhir/Observation?_count=2&_total=accurate');
    expect(found.ids).toEqual([...ids.adaVitals, ids.beaVitals].sort());
    expect(found.total).toBe(4);
    expect(found.pages).toBe(2);
    expect((await get(vitals, `/fhir/Observation/${ids.adaVitals[0]}`)).status).toBe(200);
    expect((await get(vitals, `/fhir/Observation/${ids.adaLabs[0]}`)).status).toBe(404);
  });

  it('add up: two granular scopes on one type allow exactly their union', async () => {
    const either = trainer(`user/Observation.rs?category=${VITALS}`, `user/Observation.rs?category=${LAB}`);
    const found = await allMatches(either, '/fhir/Observation?_count=2&_total=accurate');
    expect(found.ids).toEqual([...ids.adaVitals, ...ids.adaLabs, ids.beaVitals].sort());
    expect(found.total).toBe(6);
    expect((await get(either, `/fhir/Observation/${ids.adaWalk}`)).status).toBe(404);
  });

  it('combine with a patient/ compartment', async () => {
    const found = await allMatches(adaApp(`patient/Observation.rs?category=${VITALS}`, `patient/Observation.rs?category=${LAB}`), '/fhir/Observation?_total=accurate');
    expect(found.ids).toEqual([...ids.adaVitals, ...ids.adaLabs].sort());
    expect(found.total).toBe(5);
  });
});

describe('Bundles', () => {
  it('answer 403 for a batch entry the token may not perform, and run the others', async () => {
    const reader = client('system/Observation.rs');
    const response = await send(reader, 'POST', '/fhir', bundle('batch', [
      { request: { method: 'GET', url: `Observation/${ids.adaWalk}` } },
      { resource: sixMinuteWalk(`Patient/${ada}`), request: { method: 'POST', url: 'Observation' } },
      { request: { method: 'GET', url: `Condition/${ids.adaCondition}` } },
    ]));
    const result = await bundleOf(response);
    expect(result.entry!.map((entry) => entry.response!.status)).toEqual(['200 OK', '403 Forbidden', '403 Forbidden']);
    expect(JSON.stringify(result.entry![1]!.response!.outcome)).toMatch(/create of Observation/);
  });

  it('refuse a whole transaction with 403 when one entry is not allowed, and write nothing', async () => {
    const identifier = { system: 'urn:example:txn', value: crypto.randomUUID() };
    const response = await send(client('system/Observation.cruds'), 'POST', '/fhir', bundle('transaction', [
      { resource: { ...sixMinuteWalk(`Patient/${ada}`), identifier: [identifier] }, request: { method: 'POST', url: 'Observation' } },
      { resource: hypertension(`Patient/${ada}`), request: { method: 'POST', url: 'Condition' } },
    ]));
    await expectForbidden(response, /create of Condition/);
    const written = await store.search('Observation', { clauses: [{ kind: 'token', param: 'identifier', matches: [{ system: identifier.system, code: identifier.value }] }], count: 1 });
    expect(written.resources).toEqual([]);
  });
});

describe('tenancy', () => {
  it("keeps another practice's resources unknown (404) even to system/*.*", async () => {
    const otherPractice = await createTestPractice(t.repositories, 'Other Practice');
    const { resource: foreign } = await t.repositories.resourcesOf(otherPractice).create(observation(bea, VITALS));
    const everything = client('system/*.*');
    expect((await get(everything, `/fhir/Observation/${foreign.id}`)).status).toBe(404);
    expect(idsIn(await bundleOf(await get(everything, `/fhir/Observation?_id=${foreign.id}`)))).toEqual([]);
    expect((await send(everything, 'PUT', `/fhir/Observation/${foreign.id}`, { ...observation(ada, VITALS), id: foreign.id })).status).toBe(404);
  });
});

describe('the practice API', () => {
  it("refuses a route whose FHIR access the token lacks, in the practice API's error shape", async () => {
    const response = await t.app.request('/api/v1/clients', {
      method: 'POST',
      headers: { ...t.authorize(trainer('user/Patient.rs')), 'content-type': 'application/json' },
      body: JSON.stringify({ firstName: 'Ada', lastName: 'Okafor', birthDate: '1956-03-14', gender: 'female' }),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: 'insufficient_scope', message: expect.stringMatching(/create of Patient.*user\/Patient\.c/) });
  });

  it('lets a patient/ token reach its own client only, and lists only it', async () => {
    const app = adaApp('patient/*.rs');
    expect((await get(app, `/api/v1/clients/${ada}`)).status).toBe(200);
    expect((await get(app, `/api/v1/clients/${bea}`)).status).toBe(404);
    expect((await get(app, `/api/v1/clients/${bea}/diagnoses`)).status).toBe(404);
    const list = await (await get(app, '/api/v1/clients')).json();
    expect(list.items.map((item: { id: string }) => item.id)).toEqual([ada]);
  });
});
