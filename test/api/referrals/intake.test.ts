import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditBatchers } from '../../../src/api/audit/audit-batchers';
import { receiveReferral } from '../../../src/api/referrals/receive-referral';
import { FhirError } from '../../../src/fhir/outcome';
import { systemClock } from '../../../src/lib/clock';
import { recordingLogger } from '../../../src/lib/logger';
import { createReferralTestKit, MRN_SYSTEM, referralBundle, referredPatient, type ReferralTestKit } from './referral-test-kit';

let kit: ReferralTestKit;

beforeAll(async () => {
  kit = await createReferralTestKit();
});
afterAll(() => kit.close());

/** A person no other test of this file refers, so that tests do not match each other's clients. */
function person(family: string, overrides: Record<string, unknown> = {}) {
  return referredPatient({
    identifier: [{ system: MRN_SYSTEM, value: `MRN-${family}` }],
    name: [{ use: 'official', family, given: ['Ana'] }],
    ...overrides,
  });
}

const statuses = (response: { body: { entry: { response: { status: string } }[] } }) =>
  response.body.entry.map((entry) => entry.response.status);

describe('referral intake from a transaction Bundle (PA IG Full Service Provider)', () => {
  it('creates the client, the ServiceRequest copy and the Task for a person new to the practice', async () => {
    const referral = await kit.refer({ patient: person('Newcomb') });
    expect(statuses(referral.response)).toEqual(['201 Created', '201 Created', '201 Created', '201 Created', '201 Created']);
    const task = await kit.fhir(`Task/${referral.taskId}`);
    expect(task).toMatchObject({
      status: 'requested',
      focus: { reference: `ServiceRequest/${referral.serviceRequestId}` },
      for: { reference: `Patient/${referral.patientId}` },
      owner: { reference: `Organization/${kit.organizationId}` },
    });
    expect(task.businessStatus).toBeUndefined();
    expect(task.meta.tag).toContainEqual({ system: 'https://fhir.metbridge.org/CodeSystem/met-referral-channel', code: 'fhir' });
    const request = await kit.fhir(`ServiceRequest/${referral.serviceRequestId}`);
    expect(request.subject).toEqual({ reference: `Patient/${referral.patientId}` });
  });

  it('matches the client by identifier: the Patient entry answers 200 with the existing client, nothing is duplicated', async () => {
    const first = await kit.refer({ patient: person('Idematch') });
    const second = await kit.refer({ patient: person('Idematch', { name: [{ use: 'official', family: 'Idematch-Lopez', given: ['Ana María'] }] }) });
    expect(second.patientId).toBe(first.patientId);
    expect(statuses(second.response)[0]).toBe('200 OK');
    expect((await kit.fhir(`Task/${second.taskId}`)).for).toEqual({ reference: `Patient/${first.patientId}` });
    expect(await kit.fhirSearch(`Patient?identifier=${MRN_SYSTEM}|MRN-Idematch`)).toHaveLength(1);
  });

  it('matches a client the trainer recorded by exact name and birth date', async () => {
    const client = await kit.createClient({ firstName: 'Ana', lastName: 'Namematch', birthDate: '1961-09-30' });
    const referral = await kit.refer({ patient: person('NAMEMATCH', { name: [{ family: 'NAMEMATCH', given: ['ana'] }], birthDate: '1961-09-30' }) });
    expect(referral.patientId).toBe(client.id);
    expect((await kit.fhir(`Task/${referral.taskId}`)).businessStatus).toBeUndefined();
  });

  it('reuses the referring physician known from an earlier referral', async () => {
    const first = await kit.refer({ patient: person('Physone') });
    const second = await kit.refer({ patient: person('Phystwo') });
    expect(second.practitionerId).toBe(first.practitionerId);
    expect(statuses(second.response)[1]).toBe('200 OK');
  });

  describe('never merges two different people: ambiguous or conflicting matches go to triage', () => {
    it('same identifier, different birth date: a separate client without that identifier, the Task needs triage', async () => {
      const first = await kit.refer({ patient: person('Conflict', { birthDate: '1950-01-01' }) });
      const second = await kit.refer({ patient: person('Conflict', { birthDate: '1958-04-12' }) });
      expect(second.patientId).not.toBe(first.patientId);
      const separate = await kit.fhir(`Patient/${second.patientId}`);
      expect(separate.birthDate).toBe('1958-04-12');
      expect(separate.identifier ?? []).not.toContainEqual({ system: MRN_SYSTEM, value: 'MRN-Conflict' });
      expect((await kit.fhir(`Patient/${first.patientId}`)).birthDate).toBe('1950-01-01');

      const task = await kit.fhir(`Task/${second.taskId}`);
      expect(task.businessStatus.text).toBe('needs triage');
      expect(task.note).toHaveLength(1);
      expect(task.note[0]).toMatchObject({ authorString: 'MetBridge referral intake', time: expect.any(String) });
      expect(task.note[0].text).toContain('birth date differs');
      expect(task.note[0].text).not.toContain(first.patientId);
    });

    it('several clients with the same name and birth date', async () => {
      await kit.createClient({ firstName: 'Ana', lastName: 'Twofold', birthDate: '1970-05-05' });
      await kit.createClient({ firstName: 'Ana', lastName: 'Twofold', birthDate: '1970-05-05' });
      const referral = await kit.refer({ patient: person('Twofold', { birthDate: '1970-05-05' }) });
      const task = await kit.fhir(`Task/${referral.taskId}`);
      expect(task.businessStatus.text).toBe('needs triage');
      expect(task.note[0].text).toContain('Several existing clients');
      expect(await kit.fhirSearch('Patient?family=Twofold')).toHaveLength(3);
    });

    it('same name and birth date but a different identifier from the same issuer', async () => {
      const first = await kit.refer({ patient: person('Namesake', { identifier: [{ system: MRN_SYSTEM, value: 'MRN-A' }] }) });
      const second = await kit.refer({ patient: person('Namesake', { identifier: [{ system: MRN_SYSTEM, value: 'MRN-B' }] }) });
      expect(second.patientId).not.toBe(first.patientId);
      expect((await kit.fhir(`Task/${second.taskId}`)).businessStatus.text).toBe('needs triage');
      expect((await kit.fhir(`Patient/${second.patientId}`)).identifier).toEqual([{ system: MRN_SYSTEM, value: 'MRN-B' }]);
    });
  });

  it('rolls the whole referral back when one entry is invalid', async () => {
    const bundle = referralBundle(kit.organizationId, { patient: person('Rollback'), serviceRequest: { status: 'not-a-status' } });
    const response = await kit.ehr('POST', '', bundle);
    expect(response.status).toBe(422);
    expect(response.body.resourceType).toBe('OperationOutcome');
    expect(await kit.fhirSearch('Patient?family=Rollback')).toHaveLength(0);
  });

  it('leaves a plain transaction alone: without a referral Task, a Patient is created as sent', async () => {
    await kit.createClient({ firstName: 'Ana', lastName: 'Plainly', birthDate: '1966-06-06' });
    const response = await kit.ehr('POST', '', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ fullUrl: 'urn:uuid:9d7c1e0e-0001-4c1a-9d1e-000000000001', resource: person('Plainly', { birthDate: '1966-06-06' }), request: { method: 'POST', url: 'Patient' } }],
    });
    expect(statuses(response)).toEqual(['201 Created']);
    expect(await kit.fhirSearch('Patient?family=Plainly')).toHaveLength(2);
  });

  it('takes a Task alone for a client already on MetBridge', async () => {
    const client = await kit.createClient({ lastName: 'Alone' });
    const response = await kit.ehr('POST', 'Task', {
      resourceType: 'Task',
      status: 'requested',
      intent: 'order',
      code: { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill' }] },
      focus: { reference: 'https://ehr.example/fhir/ServiceRequest/77' },
      for: { reference: `Patient/${client.id}` },
      owner: { reference: `Organization/${kit.organizationId}` },
    });
    expect(response.status).toBe(201);
    expect(response.body.for).toEqual({ reference: `Patient/${client.id}` });
  });
});

describe('receiveReferral (a referral Bundle that arrived by Direct)', () => {
  const collection = (patient: Record<string, unknown>) => {
    const transaction = referralBundle('somewhere-else', { patient }) as { entry: { fullUrl: string; resource: Record<string, unknown> }[] };
    return { resourceType: 'Bundle', type: 'collection', entry: transaction.entry.map(({ fullUrl, resource }) => ({ fullUrl, resource })) };
  };
  const receive = (bundle: unknown) =>
    kit.t.repositories.transaction(async (tx) =>
      receiveReferral(tx.resourcesOf(kit.practiceId), { id: kit.practiceId, organizationId: kit.organizationId }, bundle, { kind: 'client', clientId: 'direct:dr.chen@direct.clinic.example' }, {
        baseUrl: 'http://localhost:8787/fhir',
        clock: systemClock,
        auditBatch: createAuditBatchers({ clock: systemClock, logger: recordingLogger() }).forDatabase(kit.t.db),
      }),
    );

  it('stores the referral, owned by the practice and tagged as received by Direct, and says where it went', async () => {
    const received = await receive(collection(person('Directly')));
    expect(received).toEqual({ taskId: expect.any(String), serviceRequestId: expect.any(String), patientId: expect.any(String), triage: false });
    const task = await kit.fhir(`Task/${received.taskId}`);
    expect(task.owner).toEqual({ reference: `Organization/${kit.organizationId}` });
    expect(task.for).toEqual({ reference: `Patient/${received.patientId}` });
    expect(task.meta.tag).toContainEqual({ system: 'https://fhir.metbridge.org/CodeSystem/met-referral-channel', code: 'direct' });
  });

  it('matches and triages as the FHIR intake does', async () => {
    const first = await receive(collection(person('Directmatch')));
    const again = await receive(collection(person('Directmatch')));
    expect(again.patientId).toBe(first.patientId);
    const conflicting = await receive(collection(person('Directmatch', { birthDate: '1944-02-02' })));
    expect(conflicting).toMatchObject({ triage: true });
    expect(conflicting.patientId).not.toBe(first.patientId);
  });

  it('refuses a Bundle that is not one referral, with an OperationOutcome, and stores nothing', async () => {
    const bundle = collection(person('Twotasks'));
    bundle.entry.push({ ...bundle.entry[4]!, fullUrl: 'urn:uuid:0b4b1e0e-0001-4c1a-9d1e-000000000099' });
    await expect(receive(bundle)).rejects.toSatisfy((error) => error instanceof FhirError && error.status === 422);
    await expect(receive({ resourceType: 'Patient' })).rejects.toBeInstanceOf(FhirError);
    expect(await kit.fhirSearch('Patient?family=Twotasks')).toHaveLength(0);
  });
});
