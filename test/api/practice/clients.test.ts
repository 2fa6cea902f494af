import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPracticeTestKit, fieldNames, type PracticeTestKit } from './practice-test-kit';

let kit: PracticeTestKit;

beforeAll(async () => {
  kit = await createPracticeTestKit();
});
afterAll(() => kit.close());

const ana = { firstName: 'Ana', lastName: 'Rivera', birthDate: '1958-04-12', gender: 'female', email: 'ana@example.org', phone: '+1 555 0100' };

describe('POST /api/v1/clients', () => {
  it('records a client that comes back identically from /api/v1 and as a US Core Patient from /fhir', async () => {
    const created = await kit.post('/clients', ana);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), ...ana });
    expect(created.headers.get('location')).toBe(`/api/v1/clients/${created.body.id}`);

    const read = await kit.get(`/clients/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const patient = await kit.fhir(`Patient/${created.body.id}`);
    expect(patient).toMatchObject({
      resourceType: 'Patient',
      id: created.body.id,
      identifier: [{ system: 'https://fhir.metbridge.org/sid/client-id', value: created.body.id }],
      active: true,
      name: [{ use: 'official', family: 'Rivera', given: ['Ana'] }],
      telecom: [
        { system: 'phone', value: '+1 555 0100' },
        { system: 'email', value: 'ana@example.org' },
      ],
      gender: 'female',
      birthDate: '1958-04-12',
    });
  });

  it('records who created it: a Provenance and an AuditEvent naming the trainer', async () => {
    const { id } = await kit.createClient();
    const provenances = await kit.fhirSearch('Provenance');
    const provenance = provenances.find((candidate) => candidate.target[0].reference === `Patient/${id}/_history/1`);
    expect(provenance?.agent[0].who.reference).toBe(`Practitioner/${kit.practitionerId}`);
    const audits = await kit.fhirSearch(`AuditEvent?entity=Patient/${id}&action=C`);
    expect(audits).toHaveLength(1);
    expect(audits[0].agent[0]).toMatchObject({ who: { reference: `Practitioner/${kit.practitionerId}` }, requestor: true });
    expect(audits[0].entity.map((entity: any) => entity.what.reference)).toEqual([`Patient/${id}/_history/1`, `Patient/${id}`]);
  });

  it('reading a client leaves an AuditEvent naming the trainer, the client and the API route', async () => {
    const { id } = await kit.createClient();
    expect((await kit.get(`/clients/${id}`)).status).toBe(200);
    await kit.t.flushAudit();
    const [read] = await kit.fhirSearch(`AuditEvent?entity=Patient/${id}&subtype=read`);
    expect(read.agent[0]).toMatchObject({ who: { reference: `Practitioner/${kit.practitionerId}` }, requestor: true });
    expect(read.entity.map((entity: any) => entity.what?.reference ?? entity.description)).toEqual([
      `Patient/${id}`,
      `Patient/${id}`,
      'practice.client.read GET /api/v1/clients/:id',
    ]);
  });

  it('lists every invalid field at once', async () => {
    const response = await kit.post('/clients', { firstName: ' ', birthDate: '1958-02-30', gender: 'f', email: 'nope', nickname: 'Annie' });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_request');
    expect(fieldNames(response.body)).toEqual(['birthDate', 'email', 'firstName', 'gender', 'lastName', 'nickname']);
  });

  it('refuses a body that is not JSON', async () => {
    const response = await kit.t.app.request('/api/v1/clients', {
      method: 'POST',
      headers: { ...kit.headers, 'content-type': 'text/plain' },
      body: 'Ana Rivera',
    });
    expect(response.status).toBe(415);
    const malformed = await kit.t.app.request('/api/v1/clients', { method: 'POST', headers: kit.headers, body: '{"firstName":' });
    expect(malformed.status).toBe(400);
  });

  it('needs a bearer token', async () => {
    const response = await kit.t.app.request('/api/v1/clients', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ana),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });
});

describe('GET /api/v1/clients', () => {
  it('pages through the practice’s clients and filters by name', async () => {
    await kit.createClient({ firstName: 'Zoë', lastName: 'Okonkwo-Paging' });
    await kit.createClient({ firstName: 'Zeb', lastName: 'Okonkwo-Paging' });
    const first = await kit.get('/clients?name=okonkwo-paging&limit=1');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(1);
    const second = await kit.get(`/clients?name=okonkwo-paging&limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeUndefined();
    expect([first.body.items[0].firstName, second.body.items[0].firstName].sort()).toEqual(['Zeb', 'Zoë']);
  });

  it('refuses a bad limit or cursor with the field named', async () => {
    expect(fieldNames((await kit.get('/clients?limit=0')).body)).toEqual(['limit']);
    const badCursor = await kit.get('/clients?cursor=not-a-cursor');
    expect(badCursor.status).toBe(400);
    expect(fieldNames(badCursor.body)).toEqual(['cursor']);
  });

  it('never lists another practice’s clients', async () => {
    const { id } = await kit.createClient({ lastName: 'Hidden-From-Others' });
    const other = await kit.get('/clients?limit=200', kit.otherPracticeHeaders);
    expect(other.status).toBe(200);
    expect(other.body.items.map((client: { id: string }) => client.id)).not.toContain(id);
  });
});

describe('GET /api/v1/clients/{id}', () => {
  it('is 404 for an unknown id, a malformed id and another practice’s client', async () => {
    const { id } = await kit.createClient();
    expect((await kit.get(`/clients/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await kit.get('/clients/not-a-uuid')).status).toBe(404);
    const crossPractice = await kit.get(`/clients/${id}`, kit.otherPracticeHeaders);
    expect(crossPractice.status).toBe(404);
    expect(crossPractice.body).toEqual({ error: 'not_found', message: `There is no client ${id} in this practice.` });
  });

  it('reads a Patient an EHR wrote through FHIR', async () => {
    const response = await kit.t.app.request('/fhir/Patient', {
      method: 'POST',
      headers: { authorization: kit.headers.authorization!, 'content-type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Patient', name: [{ family: 'Mensah', given: ['Kofi', 'A.'] }], gender: 'male', birthDate: '1961-07-30' }),
    });
    const { id } = await response.json();
    expect((await kit.get(`/clients/${id}`)).body).toEqual({ id, firstName: 'Kofi A.', lastName: 'Mensah', birthDate: '1961-07-30', gender: 'male' });
  });

  it('needs a bearer token, and a valid one', async () => {
    const { id } = await kit.createClient();
    expect((await kit.t.app.request(`/api/v1/clients/${id}`)).status).toBe(401);
    const forged = await kit.t.app.request(`/api/v1/clients/${id}`, { headers: { authorization: 'Bearer forged' } });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });
});
