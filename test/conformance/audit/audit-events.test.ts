import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/api/auth/principal';
import { resources } from '../../../src/db/schema/resources';
import { fixedClock } from '../../../src/lib/clock';
import { createTestPractice } from '../../support/practices';
import { createTestApp, systemPrincipal, type TestApp } from '../../support/test-app';

/**
 * AuditEvents of FHIR interactions over HTTP: one per read, search, history, operation and write,
 * in the BALP shape, stored in the practice and searchable there only.
 */

const FHIR_JSON = { 'content-type': 'application/fhir+json' };
const clock = fixedClock(new Date('2026-05-04T10:00:00Z'));
const PUBLIC_URL = 'https://metbridge.test';

let t: TestApp;
let practiceId: string;
let ehr: Record<string, string>;
let trainer: Record<string, string>;
let other: Record<string, string>;
const practitionerId = crypto.randomUUID();
let patientId: string;
let observationId: string;

const trainerPrincipal = (practice: string): Principal => ({
  practiceId: practice,
  actor: { kind: 'user', userId: crypto.randomUUID(), practitionerId },
  scopes: ['user/*.cruds'],
});

async function send(path: string, init: RequestInit = {}, headers = ehr) {
  clock.advance(1000);
  return t.app.request(path ? `/fhir/${path}` : '/fhir', { ...init, headers: { ...headers, ...FHIR_JSON, ...(init.headers as Record<string, string>) } });
}

async function created(path: string, resource: object, headers = ehr): Promise<string> {
  const response = await send(path, { method: 'POST', body: JSON.stringify(resource) }, headers);
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(201);
  return body.id;
}

/** AuditEvents matching `query`, after the pending batch is written; searching does not flush. */
async function audits(query: string, headers = ehr): Promise<any[]> {
  await t.flushAudit();
  const response = await t.app.request(`/fhir/AuditEvent?${query}&_count=500`, { headers });
  expect(response.status).toBe(200);
  return ((await response.json()).entry ?? []).map((entry: { resource: unknown }) => entry.resource);
}

const codes = (event: any) => ({ subtype: event.subtype[0].code, action: event.action, outcome: event.outcome });

beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL }, clock);
  practiceId = await createTestPractice(t.repositories, 'Audited Practice');
  ehr = t.authorize(systemPrincipal(practiceId, 'ehr-client-1'));
  trainer = t.authorize(trainerPrincipal(practiceId));
  other = t.authorize(systemPrincipal(await createTestPractice(t.repositories, 'Other Practice'), 'other-ehr'));
  patientId = await created('Patient', { resourceType: 'Patient', name: [{ family: 'Okonkwo', given: ['Adaeze'] }], birthDate: '1951-09-30' });
  observationId = await created('Observation', {
    resourceType: 'Observation',
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: '2026-05-01T09:00:00Z',
    valueQuantity: { value: 72, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
  });
});
afterAll(() => t.close());

describe('writes', () => {
  it('a create is audited in its own transaction: visible at once, with the version written, the client and the Patient', async () => {
    const [event] = await t.repositories
      .resourcesOf(practiceId)
      .search('AuditEvent', { clauses: [{ kind: 'reference', param: 'entity', matches: [{ targetType: 'Observation', targetId: observationId }] }], count: 5 })
      .then((page) => page.resources.map((stored) => JSON.parse(stored.json!)));
    expect(codes(event)).toEqual({ subtype: 'create', action: 'C', outcome: '0' });
    expect(event.type).toMatchObject({ system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest' });
    expect(event.entity).toEqual([
      expect.objectContaining({ what: { reference: `Observation/${observationId}/_history/1` }, role: expect.objectContaining({ code: '4' }) }),
      expect.objectContaining({ what: { reference: `Patient/${patientId}` }, role: expect.objectContaining({ code: '1' }) }),
    ]);
    expect(event.agent).toEqual([
      expect.objectContaining({ altId: 'ehr-client-1', requestor: true, who: expect.objectContaining({ identifier: { system: PUBLIC_URL, value: 'ehr-client-1' } }) }),
      expect.objectContaining({ requestor: false, who: expect.objectContaining({ display: 'MetBridge' }) }),
    ]);
    expect(event.source.observer.display).toBe('MetBridge');
  });

  it('an update and a delete by a signed-in trainer name the Practitioner as requestor and author', async () => {
    const id = await created('Patient', { resourceType: 'Patient', name: [{ family: 'Lindqvist' }] }, trainer);
    expect((await send(`Patient/${id}`, { method: 'PUT', body: JSON.stringify({ resourceType: 'Patient', id, name: [{ family: 'Lindqvist-Berg' }] }) }, trainer)).status).toBe(200);
    expect((await send(`Patient/${id}`, { method: 'DELETE' }, trainer)).status).toBe(204);

    const events = await audits(`entity=Patient/${id}&_sort=date`);
    expect(events.map(codes)).toEqual([
      { subtype: 'create', action: 'C', outcome: '0' },
      { subtype: 'update', action: 'U', outcome: '0' },
      { subtype: 'delete', action: 'D', outcome: '0' },
    ]);
    expect(events.map((event) => event.entity[0].what.reference)).toEqual([`Patient/${id}/_history/1`, `Patient/${id}/_history/2`, `Patient/${id}/_history/3`]);
    for (const event of events) {
      expect(event.agent[0]).toMatchObject({ who: { reference: `Practitioner/${practitionerId}` }, requestor: true, type: { coding: [{ code: 'AUT' }] } });
    }
  });

  it("a write's AuditEvent rolls back with its transaction, and the failure is audited instead", async () => {
    const creates = async () => (await audits('subtype=create&outcome=0')).length;
    const before = await creates();
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: 'urn:uuid:0d6e4a4c-0a51-4a4b-9d0e-3c1f2b0d9a11', resource: { resourceType: 'Patient', name: [{ family: 'Rolled' }] }, request: { method: 'POST', url: 'Patient' } },
        { resource: { resourceType: 'Observation', status: 'not-a-status', code: { text: 'x' } }, request: { method: 'POST', url: 'Observation' } },
      ],
    };
    const response = await send('', { method: 'POST', body: JSON.stringify(bundle) });
    expect(response.status).toBeGreaterThanOrEqual(400);

    expect(await creates()).toBe(before);
    const failures = await audits('subtype=transaction&outcome=4');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ action: 'E', outcomeDesc: `HTTP ${response.status}` });
  });

  it('a refused write (422) is audited as a minor failure with what it attempted', async () => {
    const response = await send('Observation', { method: 'POST', body: JSON.stringify({ resourceType: 'Observation', status: 'final' }) });
    expect(response.status).toBe(422);
    const [event] = await audits('subtype=create&outcome=4');
    expect(codes(event)).toEqual({ subtype: 'create', action: 'C', outcome: '4' });
    expect(event.outcomeDesc).toBe('HTTP 422');
  });
});

describe('reads', () => {
  it('read, vread and history are audited with the resource and its Patient once the batch is written', async () => {
    expect((await send(`Observation/${observationId}`)).status).toBe(200);
    expect((await send(`Observation/${observationId}/_history/1`)).status).toBe(200);
    expect((await send(`Observation/${observationId}/_history`)).status).toBe(200);

    const events = await audits(`entity=Observation/${observationId}&action=R&_sort=date`);
    expect(events.map((event) => event.subtype[0].code)).toEqual(['read', 'vread', 'history-instance']);
    expect(events.map((event) => event.entity[0].what.reference)).toEqual([
      `Observation/${observationId}`,
      `Observation/${observationId}/_history/1`,
      `Observation/${observationId}`,
    ]);
    for (const event of events) {
      expect(event.entity[1].what.reference).toBe(`Patient/${patientId}`);
      expect(event.agent[0].type.coding[0].code).toBe('110152');
    }
  });

  it('a search keeps ids, references and codes of its query and masks names, dates and quantities', async () => {
    const query = `patient=${patientId}&code=http://loinc.org|8867-4&date=ge2026-01-01&value-quantity=gt70`;
    expect((await send(`Observation?${query}`)).status).toBe(200);
    expect((await send(`Patient?family=Okonkwo&birthdate=1951-09-30&_id=${patientId}`)).status).toBe(200);

    const searches = await audits(`patient=${patientId}&subtype=search-type`);
    const queryOf = (event: any) => event.entity.find((entity: any) => entity.role.code === '24');
    const searchOf = (type: string) => searches.find((event) => queryOf(event).description.startsWith(`${type}?`));
    const [observations, patients] = [searchOf('Observation'), searchOf('Patient')];
    expect(codes(observations)).toEqual({ subtype: 'search-type', action: 'E', outcome: '0' });
    expect(queryOf(observations).description).toBe(
      `Observation?patient=${patientId}&code=${encodeURIComponent('http://loinc.org|8867-4')}&date=***&value-quantity=***`,
    );
    expect(atob(queryOf(observations).query)).toBe(queryOf(observations).description);
    expect(queryOf(patients).description).toBe(`Patient?family=***&birthdate=***&_id=${patientId}`);
    expect(patients.entity.find((entity: any) => entity.role.code === '1').what.reference).toBe(`Patient/${patientId}`);
  });

  it('Patient/$everything is audited as an operation on the Patient', async () => {
    expect((await send(`Patient/${patientId}/$everything`)).status).toBe(200);
    const [event] = await audits(`patient=${patientId}&subtype=operation`);
    expect(event.entity.map((entity: any) => entity.what?.reference ?? entity.description)).toEqual([
      `Patient/${patientId}`,
      `Patient/${patientId}`,
      `Patient/${patientId}/$everything`,
    ]);
  });

  it("a read of another practice's resource is refused with 404 and audited as a failure in the caller's practice", async () => {
    expect((await send(`Observation/${observationId}`, {}, other)).status).toBe(404);
    const [event] = await audits(`entity=Observation/${observationId}&outcome=4`, other);
    expect(codes(event)).toEqual({ subtype: 'read', action: 'R', outcome: '4' });
    expect(event.agent[0].altId).toBe('other-ehr');
    expect(await audits(`entity=Observation/${observationId}&outcome=4`)).toEqual([]);
  });
});

describe('search and tenancy', () => {
  it('searches by patient, agent, altid, date and entity', async () => {
    await send(`Patient/${patientId}`, {}, trainer);
    const byTrainer = await audits(`agent=Practitioner/${practitionerId}&patient=${patientId}`);
    expect(byTrainer.map((event) => event.subtype[0].code)).toContain('read');
    expect(byTrainer.every((event) => event.agent[0].who.reference === `Practitioner/${practitionerId}`)).toBe(true);

    const byClient = await audits(`altid=ehr-client-1&entity=Patient/${patientId}`);
    expect(byClient.length).toBeGreaterThan(0);
    expect(byClient.every((event) => event.agent.some((agent: any) => agent.altId === 'ehr-client-1'))).toBe(true);

    const today = clock.now().toISOString().slice(0, 10);
    expect((await audits(`date=${today}&patient=${patientId}`)).length).toBeGreaterThan(0);
    expect(await audits(`date=lt2026-01-01&patient=${patientId}`)).toEqual([]);
  });

  it("another practice sees none of this practice's AuditEvents", async () => {
    expect(await audits(`patient=${patientId}`, other)).toEqual([]);
    const [mine] = await audits(`patient=${patientId}`);
    expect((await t.app.request(`/fhir/AuditEvent/${mine.id}`, { headers: other })).status).toBe(404);
    expect((await t.app.request(`/fhir/AuditEvent/${mine.id}`, { headers: ehr })).status).toBe(200);
  });

  it('AuditEvents cannot be written through the API', async () => {
    const response = await send('AuditEvent', { method: 'POST', body: JSON.stringify({ resourceType: 'AuditEvent' }) });
    expect(response.status).toBe(405);
  });
});

describe('what AuditEvents never hold', () => {
  it('no bearer token, and no name, birth date or value of the Patient, in any stored AuditEvent', async () => {
    await t.flushAudit();
    const rows = await t.db
      .select({ content: resources.content })
      .from(resources)
      .where(and(eq(resources.practiceId, practiceId), eq(resources.resourceType, 'AuditEvent')));
    expect(rows.length).toBeGreaterThan(10);
    const raw = rows.map((row) => row.content).join('\n');
    const tokens = [ehr, trainer].map((headers) => headers.authorization!.slice('Bearer '.length));
    for (const secret of [...tokens, 'Okonkwo', 'Adaeze', 'Lindqvist', '1951-09-30', 'ge2026-01-01', 'gt70']) expect(raw).not.toContain(secret);
  });
});
