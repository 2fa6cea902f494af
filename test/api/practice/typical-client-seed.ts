import { expect } from 'vitest';
import { assessmentByKey } from '../../../src/domain/assessment-catalog';
import type { SessionDetails } from '../../../src/domain/session';
import { sessionToFhir } from '../../../src/fhir/mappers/encounter';
import { assessmentToObservation } from '../../../src/fhir/mappers/observation';
import { newId } from '../../../src/lib/ids';
import { systemPrincipal } from '../../support/test-app';
import type { PracticeTestKit } from './practice-test-kit';

/**
 * A typical client, recorded as a practice and a physician's EHR would: a referral
 * (Practitioner, ServiceRequest 2×/week, Task accepted by the trainer), two diagnoses, four goals,
 * monthly assessments of six measures over three months, and 22 of 24 planned sessions with one
 * mild adverse event.
 */

export const REPORT_NOW = new Date('2026-03-30T15:00:00Z');
export const REPORT_PERIOD = { start: '2026-01-05', end: '2026-03-29' };

export interface SeededClient {
  clientId: string;
  taskId: string;
  serviceRequestId: string;
  organizationId: string;
  ehrHeaders: Record<string, string>;
}

async function fhirWrite(kit: PracticeTestKit, method: 'POST' | 'PUT', path: string, body: unknown, headers: Record<string, string>): Promise<any> {
  const response = await kit.t.app.request(`/fhir/${path}`, {
    method,
    headers: { ...headers, 'content-type': 'application/fhir+json' },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  expect(response.status, JSON.stringify(json)).toBeLessThan(300);
  return json;
}

/** A referral as an EHR sends it (Practitioner, ServiceRequest, Task `requested`), then accepted by the trainer. */
export async function seedReferral(kit: PracticeTestKit, clientId: string): Promise<Omit<SeededClient, 'clientId'>> {
  const ehrHeaders = kit.t.authorize(systemPrincipal(kit.practiceId));
  const practice = await kit.t.repositories.practices.findById(kit.practiceId);
  const organizationId = practice!.organizationId;
  const physician = await fhirWrite(kit, 'POST', 'Practitioner', {
    resourceType: 'Practitioner',
    identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '1245319599' }],
    name: [{ family: 'Chen', given: ['Miriam'], prefix: ['Dr.'] }],
  }, { ...ehrHeaders, 'if-none-exist': 'identifier=http://hl7.org/fhir/sid/us-npi|1245319599' });
  const serviceRequest = await fhirWrite(kit, 'POST', 'ServiceRequest', {
    resourceType: 'ServiceRequest',
    status: 'active',
    intent: 'original-order',
    category: [{ coding: [{ system: 'http://hl7.org/fhir/us/physical-activity/CodeSystem/pa-temporary-codes', code: 'PhysicalActivity' }] }],
    code: { coding: [{ system: 'http://snomed.info/sct', code: '229065009', display: 'Exercise therapy' }], text: 'Supervised exercise therapy after stroke' },
    subject: { reference: `Patient/${clientId}` },
    occurrenceTiming: { repeat: { frequency: 2, period: 1, periodUnit: 'wk', boundsPeriod: { start: '2026-01-05', end: '2026-04-15' } } },
    authoredOn: '2025-12-18',
    requester: { reference: `Practitioner/${physician.id}` },
  }, ehrHeaders);
  const task = await fhirWrite(kit, 'POST', 'Task', {
    resourceType: 'Task',
    status: 'requested',
    intent: 'order',
    code: { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill' }] },
    focus: { reference: `ServiceRequest/${serviceRequest.id}` },
    for: { reference: `Patient/${clientId}` },
    authoredOn: '2025-12-18T10:00:00Z',
    requester: { reference: `Practitioner/${physician.id}` },
    owner: { reference: `Organization/${organizationId}` },
  }, ehrHeaders);
  const accepted = await fhirWrite(kit, 'PUT', `Task/${task.id}`, { ...task, status: 'accepted' }, kit.headers);
  await fhirWrite(kit, 'PUT', `Task/${task.id}`, { ...accepted, status: 'in-progress' }, kit.headers);
  return { taskId: task.id, serviceRequestId: serviceRequest.id, organizationId, ehrHeaders };
}

const MONTHLY = ['2026-01-06', '2026-02-03', '2026-03-03', '2026-03-24'];

export async function seedTypicalClient(kit: PracticeTestKit): Promise<SeededClient> {
  const post = async (path: string, body: unknown) => {
    const response = await kit.post(path, body);
    expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBe(201);
    return response.body;
  };
  const client = await kit.createClient({ firstName: 'Ana', lastName: 'Rivera', birthDate: '1958-04-12', gender: 'female' });
  const base = `/clients/${client.id}`;
  await post(`${base}/diagnoses`, { code: 'I63.9', display: 'Cerebral infarction, unspecified', onset: '2025-11-20', verificationStatus: 'confirmed' });
  await post(`${base}/diagnoses`, { code: 'I10', display: 'Essential (primary) hypertension', verificationStatus: 'confirmed' });
  for (const [measure, baseline, target] of [['6mwt', 300, 400], ['tug', 14, 10], ['30s-chair-stand', 8, 12], ['gait-speed', 0.7, 0.9]] as const) {
    await post(`${base}/goals`, { term: 'short-term', measure, baseline, target, dueDate: '2026-04-15', startDate: '2026-01-05' });
  }
  const series: Record<string, number[]> = {
    '6mwt': [305, 338, 372, 402],
    tug: [13.8, 12.6, 11.9, 11.2],
    '30s-chair-stand': [8, 9, 10, 10],
    'gait-speed': [0.71, 0.76, 0.82, 0.86],
    'grip-right': [24.5, 25.1, 26.4, 27],
  };
  const performer = { reference: `Practitioner/${kit.practitionerId}` };
  const observations = MONTHLY.flatMap((day, index) => {
    const [systolic, diastolic] = [[148, 92], [142, 88], [136, 84], [131, 82]][index]!;
    return [
      ...Object.entries(series).map(([type, values]) =>
        assessmentToObservation({ type, value: values[index]!, unit: assessmentByKey(type)!.unit, performedAt: `${day}T10:00:00-05:00` }, { patientId: client.id, performer }),
      ),
      assessmentToObservation({ type: 'blood-pressure', components: { systolic: systolic!, diastolic: diastolic! }, unit: 'mm[Hg]', performedAt: `${day}T09:50:00-05:00` }, { patientId: client.id, performer }),
    ];
  });
  const sessions = Array.from({ length: 24 }, (_, index) => index)
    .filter((index) => index !== 7 && index !== 15)
    .map((index) => {
      const day = new Date(Date.UTC(2026, 0, 6) + (Math.floor(index / 2) * 7 + (index % 2) * 2) * 86_400_000).toISOString().slice(0, 10);
      const details: SessionDetails = {
        date: `${day}T09:00:00-05:00`,
        durationMinutes: 45,
        exercises: [{ name: 'Treadmill walking', durationMinutes: 20 }],
        adverseEvents: index === 9 ? [{ description: 'Light-headedness after treadmill walking', severity: 'mild', actionTaken: 'Seated rest; resolved in 5 minutes' }] : [],
      };
      return sessionToFhir(details, { patientId: client.id, performer, newId });
    });
  // The bulk of the record goes straight to the store, through the same mappers as the practice API.
  await kit.t.repositories.transaction(async (tx) => {
    const store = tx.resourcesOf(kit.practiceId);
    for (const observation of observations) await store.create(observation);
    for (const { encounter, observations: sessionObservations } of sessions) {
      await store.create(encounter, { id: encounter.id });
      for (const observation of sessionObservations) await store.create(observation, { id: observation.id });
    }
  });
  return { clientId: client.id, ...(await seedReferral(kit, client.id)) };
}

export const REPORT_TEXT = {
  narrative: 'Attends consistently; walking endurance and gait speed improved steadily; sit-to-stand capacity plateaued in March.',
  nextSteps: 'Continue two sessions a week for four weeks, progress sit-to-stand with load, reassess all goals on Apr 14, 2026.',
};
