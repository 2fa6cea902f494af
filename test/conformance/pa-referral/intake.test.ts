import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referralBundle, referredPatient } from '../../api/referrals/referral-test-kit';
import { openPaWorld, type PaWorld } from './pa-referral-fixture';

/**
 * Referral intake on a Full Service Provider: the Care Manager creates the Task on the Service
 * Provider's server, alone (pointing at a ServiceRequest already there) or with its resources;
 * a retried create with `If-None-Exist` does not duplicate it; and a Task addressed to another
 * performer is not this practice's to take.
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html#managing
 * @see https://hl7.org/fhir/R4/http.html#ccreate
 */

let world: PaWorld;
let other: PaWorld;

beforeAll(async () => {
  world = await openPaWorld();
  other = await openPaWorld(world.t, 'Elsewhere Fitness');
}, 180_000);
afterAll(() => world.close());

const TASK_SYSTEM = 'https://ehr.northside.example/fhir/task-ids';

async function storedRequest(): Promise<{ patientId: string; serviceRequestId: string }> {
  const patient = await world.ehr('POST', 'Patient', referredPatient({ identifier: [{ system: 'urn:oid:2.16.840.1.113883.19.5', value: `MRN-${crypto.randomUUID().slice(0, 8)}` }] }));
  expect(patient.status).toBe(201);
  const request = await world.ehr('POST', 'ServiceRequest', {
    resourceType: 'ServiceRequest',
    status: 'active',
    intent: 'order',
    code: { text: 'Supervised exercise program' },
    subject: { reference: `Patient/${patient.body.id}` },
  });
  expect(request.status).toBe(201);
  return { patientId: patient.body.id, serviceRequestId: request.body.id };
}

function task(parts: { patientId: string; serviceRequestId: string }, overrides: Record<string, unknown> = {}) {
  return {
    resourceType: 'Task',
    status: 'requested',
    intent: 'order',
    code: { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill' }] },
    focus: { reference: `ServiceRequest/${parts.serviceRequestId}` },
    for: { reference: `Patient/${parts.patientId}` },
    owner: { reference: `Organization/${world.practice.organizationId}` },
    authoredOn: '2026-11-26T15:00:00Z',
    ...overrides,
  };
}

describe('a Task POSTed alone', () => {
  it('referencing a ServiceRequest already stored is a referral in the inbox', async () => {
    const parts = await storedRequest();
    const created = await world.ehr('POST', 'Task', task(parts));
    expect(created.status).toBe(201);
    const referral = await world.trainer('GET', `/referrals/${created.body.id}`);
    expect(referral.status).toBe(200);
    expect(referral.body).toMatchObject({ status: 'requested', serviceRequestId: parts.serviceRequestId, client: { id: parts.patientId }, receivedVia: 'fhir' });
  });
});

describe('a duplicate POST with If-None-Exist', () => {
  it('creates one Task: the second POST answers 200 with the same id', async () => {
    const parts = await storedRequest();
    const value = `task-${crypto.randomUUID()}`;
    const body = task(parts, { identifier: [{ system: TASK_SYSTEM, value }] });
    const condition = { 'if-none-exist': `identifier=${TASK_SYSTEM}|${value}` };
    const first = await world.ehr('POST', 'Task', body, condition);
    const second = await world.ehr('POST', 'Task', body, condition);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    const found = await world.ehr('GET', `Task?identifier=${encodeURIComponent(`${TASK_SYSTEM}|${value}`)}`);
    expect(found.body.entry).toHaveLength(1);
  });

  it('the same holds for a Task entry of a referral transaction', async () => {
    const value = `task-${crypto.randomUUID()}`;
    const bundle = referralBundle(world.practice.organizationId, { task: { identifier: [{ system: TASK_SYSTEM, value }] } });
    const entries = (bundle.entry as any[]).map((entry) =>
      entry.resource.resourceType === 'Task' ? { ...entry, request: { ...entry.request, ifNoneExist: `identifier=${TASK_SYSTEM}|${value}` } } : entry,
    );
    const first = await world.ehr('POST', '', { ...bundle, entry: entries });
    const second = await world.ehr('POST', '', { ...bundle, entry: entries });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.body.entry[4].response.status).toMatch(/^201/);
    expect(second.body.entry[4].response.status).toMatch(/^200/);
    expect(second.body.entry[4].fullUrl).toBe(first.body.entry[4].fullUrl);
    expect((await world.ehr('GET', `Task?identifier=${encodeURIComponent(`${TASK_SYSTEM}|${value}`)}`)).body.entry ?? []).toHaveLength(1);
  });
});

describe('a Task owned by another organization', () => {
  const ownerRefused = (answer: { status: number; body: any }) => {
    expect(answer.status).toBe(422);
    expect(answer.body.resourceType).toBe('OperationOutcome');
    expect(answer.body.issue).toContainEqual(expect.objectContaining({ expression: ['Task.owner'], diagnostics: expect.stringContaining(`Organization/${world.practice.organizationId}`) }));
  };

  it("is refused when POSTed alone and owned by another practice's Organization (422 naming Task.owner)", async () => {
    const parts = await storedRequest();
    ownerRefused(await world.ehr('POST', 'Task', task(parts, { owner: { reference: `Organization/${other.practice.organizationId}` } })));
    expect((await world.trainer('GET', '/referrals?status=requested')).body.items.every((item: any) => item.serviceRequestId !== parts.serviceRequestId)).toBe(true);
  });

  it('is refused when owned by an organization on another server', async () => {
    const parts = await storedRequest();
    ownerRefused(await world.ehr('POST', 'Task', task(parts, { owner: { reference: 'https://fitness.example/fhir/Organization/42' } })));
  });

  it('is refused inside a referral transaction, and nothing of the Bundle is stored', async () => {
    const mrn = `MRN-${crypto.randomUUID().slice(0, 8)}`;
    const bundle = referralBundle(other.practice.organizationId, { patient: referredPatient({ identifier: [{ system: 'urn:oid:2.16.840.1.113883.19.5', value: mrn }] }) });
    ownerRefused(await world.ehr('POST', '', bundle));
    expect((await world.ehr('GET', `Patient?identifier=${encodeURIComponent(`urn:oid:2.16.840.1.113883.19.5|${mrn}`)}`)).body.entry ?? []).toHaveLength(0);
  });

  it("cannot be handed over later: a PUT that changes the owner is refused", async () => {
    const parts = await storedRequest();
    const created = await world.ehr('POST', 'Task', task(parts));
    ownerRefused(await world.ehr('PUT', `Task/${created.body.id}`, { ...created.body, owner: { reference: `Organization/${other.practice.organizationId}` } }));
  });

  it('a Task addressed to this practice by an absolute URL on this server is accepted', async () => {
    const parts = await storedRequest();
    const created = await world.ehr('POST', 'Task', task(parts, { owner: { reference: `https://metbridge.test/fhir/Organization/${world.practice.organizationId}` } }));
    expect(created.status).toBe(201);
  });
});
