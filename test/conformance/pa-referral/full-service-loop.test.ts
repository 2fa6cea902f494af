import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayFrom, entriesOf, openPaWorld, PA_CATEGORY, type PaWorld, type ReferralIds } from './pa-referral-fixture';

/**
 * The PA IG referral loop, played end to end over HTTP as the two parties do it: the EHR
 * (Care Manager, Backend Services token) refers with a transaction Bundle; the trainer (Service
 * Provider, user token) accepts, records, reports in the interim and at the end; the EHR follows
 * the Task and reads the reports and their Observations with `_include`.
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html#referral
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html#loop
 */

let world: PaWorld;
let ids: ReferralIds;
const assessmentIds: string[] = [];
let interimId: string;
let finalId: string;

beforeAll(async () => {
  world = await openPaWorld();
  ids = await world.refer();
}, 120_000);
afterAll(() => world.close());

describe('the referral arrives', () => {
  it('the EHR posts the PA Task, ServiceRequest, Patient, Condition and Practitioner as one transaction', async () => {
    const task = await world.ehr('GET', `Task/${ids.taskId}`);
    expect(task.status).toBe(200);
    expect(task.body).toMatchObject({
      status: 'requested',
      intent: 'order',
      code: { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill' }] },
      focus: { reference: `ServiceRequest/${ids.serviceRequestId}` },
      for: { reference: `Patient/${ids.patientId}` },
      owner: { reference: `Organization/${world.practice.organizationId}` },
    });
  });

  it("the trainer sees it in the practice's inbox, with client, physician and request", async () => {
    const inbox = await world.trainer('GET', '/referrals?status=requested');
    expect(inbox.status).toBe(200);
    const referral = inbox.body.items.find((item: { id: string }) => item.id === ids.taskId);
    expect(referral).toMatchObject({
      status: 'requested',
      needsTriage: false,
      receivedVia: 'fhir',
      client: { id: ids.patientId, firstName: 'Ana', lastName: 'Rivera' },
      referringPhysician: { reference: `Practitioner/${ids.practitionerId}`, name: 'Dr. Mei Chen' },
      serviceRequestId: ids.serviceRequestId,
      requestedService: 'Supervised exercise program',
    });
  });
});

describe('the practice works the referral', () => {
  it('accepts it (the EHR sees accepted) and starts it', async () => {
    const accepted = await world.trainer('POST', `/referrals/${ids.taskId}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    expect((await world.ehr('GET', `Task/${ids.taskId}`)).body.status).toBe('accepted');
    expect((await world.trainer('POST', `/referrals/${ids.taskId}/start`)).body.status).toBe('in-progress');
  });

  it('records goals, assessments and sessions through the practice API', async () => {
    const client = `/clients/${ids.patientId}`;
    const goal = await world.trainer('POST', `${client}/goals`, { term: 'short-term', measure: '6mwt', baseline: 300, target: 400, dueDate: dayFrom(world.t, 60) });
    expect(goal.status, JSON.stringify(goal.body)).toBe(201);
    for (const [type, value, day] of [['6mwt', 305, -20], ['tug', 13.5, -20], ['6mwt', 342, -2], ['tug', 12.1, -2]] as const) {
      const recorded = await world.trainer('POST', `${client}/assessments`, { type, value, performedAt: `${dayFrom(world.t, day)}T10:00:00Z` });
      expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
      assessmentIds.push(recorded.body.id);
    }
    for (const day of [-19, -12, -5]) {
      const session = await world.trainer('POST', `${client}/sessions`, { date: `${dayFrom(world.t, day)}T09:00:00Z`, durationMinutes: 45, exercises: [{ name: 'Treadmill walking', durationMinutes: 20 }] });
      expect(session.status, JSON.stringify(session.body)).toBe(201);
    }
  });

  it('notes interim progress on the Task: a note with author and time, and a business status', async () => {
    const noted = await world.trainer('POST', `/referrals/${ids.taskId}/notes`, { text: 'Intake assessment done.', businessStatus: '3 sessions attended' });
    expect(noted.status).toBe(200);
    const task = (await world.ehr('GET', `Task/${ids.taskId}`)).body;
    expect(task.businessStatus.text).toBe('3 sessions attended');
    expect(task.note).toContainEqual({ authorReference: { reference: `Practitioner/${world.practitionerId}` }, time: expect.any(String), text: 'Intake assessment done.' });
  });

  it('issues an interim report on the referral; the Task stays in progress', async () => {
    const issued = await world.trainer('POST', `/clients/${ids.patientId}/progress-reports`, {
      period: { start: dayFrom(world.t, -21), end: dayFrom(world.t, 0) },
      referralId: ids.taskId,
      narrative: 'Walking endurance improved by 37 m; Timed Up and Go faster by 1.4 s.',
      nextSteps: 'Continue twice weekly; reassess in four weeks.',
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    expect(issued.body).toMatchObject({ status: 'preliminary', referralStatus: 'in-progress' });
    interimId = issued.body.id;
  }, 60_000);
});

describe('the EHR follows the referral', () => {
  it('Task?_id=…&_include=Task:output returns the Task with the report', async () => {
    const page = await world.ehr('GET', `Task?_id=${ids.taskId}&_include=Task:output`);
    expect(page.status).toBe(200);
    const [task] = entriesOf(page.body, 'match');
    expect(task).toMatchObject({ id: ids.taskId, status: 'in-progress' });
    expect(task.output).toContainEqual(expect.objectContaining({ valueReference: expect.objectContaining({ reference: `DiagnosticReport/${interimId}` }) }));
    expect(task.businessStatus.text).toBeTruthy();
    expect(entriesOf(page.body, 'include').map((resource) => `${resource.resourceType}/${resource.id}`)).toContain(`DiagnosticReport/${interimId}`);
  });

  it('DiagnosticReport?_id=…&_include=DiagnosticReport:result returns the PA Intervention Report and the recorded Observations', async () => {
    const page = await world.ehr('GET', `DiagnosticReport?_id=${interimId}&_include=DiagnosticReport:result`);
    expect(page.status).toBe(200);
    const [report] = entriesOf(page.body, 'match');
    expect(report).toMatchObject({
      resourceType: 'DiagnosticReport',
      status: 'preliminary',
      category: expect.arrayContaining([{ coding: [expect.objectContaining(PA_CATEGORY)] }]),
      subject: { reference: `Patient/${ids.patientId}` },
      basedOn: [{ reference: `ServiceRequest/${ids.serviceRequestId}` }],
    });
    const [form] = report.presentedForm;
    expect(form.contentType).toBe('application/pdf');
    expect(atob(form.data).slice(0, 5)).toBe('%PDF-');
    const resultIds = report.result.map((reference: { reference: string }) => reference.reference.replace('Observation/', '')).sort();
    expect(resultIds).toEqual([...assessmentIds].sort());
    const included = entriesOf(page.body, 'include');
    expect(included.map((resource) => resource.id).sort()).toEqual([...assessmentIds].sort());
    for (const observation of included) {
      expect(observation).toMatchObject({ resourceType: 'Observation', subject: { reference: `Patient/${ids.patientId}` } });
    }
  });
});

describe('the referral completes', () => {
  it('the final report completes the Task, whose output then holds both reports', async () => {
    const issued = await world.trainer('POST', `/clients/${ids.patientId}/progress-reports`, {
      period: { start: dayFrom(world.t, -21), end: dayFrom(world.t, 0) },
      referralId: ids.taskId,
      final: true,
      narrative: 'Program completed; goals partly met.',
      nextSteps: 'Continue a home program; no further supervised sessions planned.',
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    expect(issued.body).toMatchObject({ status: 'final', referralStatus: 'completed' });
    finalId = issued.body.id;
    const task = (await world.ehr('GET', `Task/${ids.taskId}`)).body;
    expect(task.status).toBe('completed');
    const reports = task.output.flatMap((output: any) => (output.valueReference?.reference?.startsWith('DiagnosticReport/') ? [output.valueReference.reference] : []));
    expect(reports.sort()).toEqual([`DiagnosticReport/${interimId}`, `DiagnosticReport/${finalId}`].sort());
    expect((await world.ehr('GET', `DiagnosticReport/${finalId}`)).body.status).toBe('final');
  }, 60_000);

  it('a completed referral stays completed: the practice cannot act on it any more', async () => {
    const refused = await world.trainer('POST', `/referrals/${ids.taskId}/hold`, { reason: 'Travelling' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'illegal_transition', currentStatus: 'completed' });
  });
});
