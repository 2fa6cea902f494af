import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPracticeTestKit, fieldNames, type PracticeTestKit } from './practice-test-kit';

let kit: PracticeTestKit;
let clientId: string;

beforeAll(async () => {
  kit = await createPracticeTestKit();
  clientId = (await kit.createClient()).id;
});
afterAll(() => kit.close());

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const MET_SESSION = 'https://fhir.metbridge.org/CodeSystem/met-session';
const TIMING = 'https://fhir.metbridge.org/StructureDefinition/exercise-timing';
const PHYSICAL_ACTIVITY = { coding: [{ system: 'http://hl7.org/fhir/us/physical-activity/CodeSystem/pa-temporary-codes', code: 'PhysicalActivity' }] };
const ACTIVITY = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'activity' }] };
const VITAL_SIGNS = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] };

const session = {
  date: '2025-02-03T09:00:00-05:00',
  durationMinutes: 45,
  exercises: [
    { name: 'Leg press', sets: 3, reps: 12, load: { value: 40, unit: 'kg' }, note: 'Slow eccentric' },
    { name: 'Treadmill walking', durationMinutes: 15 },
  ],
  rpe: { scale: 'borg-6-20', value: 13 },
  heartRate: { pre: 72, post: 96, mean: 110, max: 128 },
  bloodPressure: { pre: { systolic: 132, diastolic: 84 }, post: { systolic: 138, diastolic: 82 } },
  energyKcal: 210,
  notes: 'Tolerated well; progressed the leg press.',
  adverseEvents: [{ description: 'Light-headed after the treadmill', severity: 'mild', actionTaken: 'Seated rest, resolved in 3 minutes' }],
};

const codeOf = (observation: { code: { coding: { code: string }[] } }) => observation.code.coding[0]!.code;

describe('POST /api/v1/clients/{id}/sessions', () => {
  it('records a session that comes back identically from /api/v1', async () => {
    const created = await kit.post(`/clients/${clientId}/sessions`, session);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), clientId, ...session });
    expect((await kit.get(`/clients/${clientId}/sessions`)).body.items).toContainEqual(created.body);
  });

  it('stores the session as an exercise Encounter with its Observations linked through encounter', async () => {
    const { id: patientId } = await kit.createClient({ lastName: 'Session' });
    const { id } = (await kit.post(`/clients/${patientId}/sessions`, session)).body;
    const trainer = { reference: `Practitioner/${kit.practitionerId}` };

    expect(await kit.fhir(`Encounter/${id}`)).toMatchObject({
      resourceType: 'Encounter',
      status: 'finished',
      class: { code: 'AMB' },
      type: [{ coding: [{ system: 'http://snomed.info/sct', code: '229065009' }] }],
      subject: { reference: `Patient/${patientId}` },
      participant: [{ individual: trainer }],
      period: { start: session.date },
      length: { value: 45, system: UCUM, code: 'min' },
    });

    const observations = await kit.fhirSearch(`Observation?patient=Patient/${patientId}`);
    expect(observations.every((observation) => observation.encounter.reference === `Encounter/${id}`)).toBe(true);
    expect(observations.map(codeOf).sort()).toEqual(
      ['PAPanel', '55411-3', '55425-3', '55426-1', '55424-6', 'rpe-borg-6-20', '73985-4', '73985-4', '8867-4', '8867-4', '85354-9', '85354-9', 'exercise-adverse-event'].sort(),
    );
    const byCode = (code: string) => observations.filter((observation) => codeOf(observation) === code);

    const [panel] = byCode('PAPanel');
    const [duration] = byCode('55411-3');
    const legPress = byCode('73985-4').find((observation) => observation.valueCodeableConcept.text === 'Leg press');
    expect(panel).toMatchObject({ category: [ACTIVITY, PHYSICAL_ACTIVITY], effectiveDateTime: session.date, note: [{ text: session.notes }] });
    expect(panel.hasMember[0]).toEqual({ reference: `Observation/${duration.id}` });
    expect(panel.hasMember).toHaveLength(7);
    expect(duration).toMatchObject({ code: { coding: [{ system: LOINC }] }, valueQuantity: { value: 45, system: UCUM, code: 'min' }, performer: [trainer] });
    expect(byCode('55425-3')[0].valueQuantity).toMatchObject({ value: 110, code: '/min' });
    expect(byCode('55426-1')[0].valueQuantity).toMatchObject({ value: 128, code: '/min' });
    expect(byCode('55424-6')[0].valueQuantity).toMatchObject({ value: 210, code: 'kcal' });
    expect(legPress).toMatchObject({
      component: [
        { code: { coding: [{ system: MET_SESSION, code: 'sets' }] }, valueInteger: 3 },
        { code: { coding: [{ system: MET_SESSION, code: 'repetitions' }] }, valueInteger: 12 },
        { code: { coding: [{ system: MET_SESSION, code: 'load' }] }, valueQuantity: { value: 40, system: UCUM, code: 'kg' } },
      ],
      note: [{ text: 'Slow eccentric' }],
    });

    const heartRates = byCode('8867-4');
    expect(heartRates.map((observation) => [observation.extension[0].valueCode, observation.valueQuantity.value]).sort()).toEqual([
      ['post-exercise', 96],
      ['pre-exercise', 72],
    ]);
    expect(heartRates[0]).toMatchObject({ category: [VITAL_SIGNS, PHYSICAL_ACTIVITY], extension: [{ url: TIMING }] });
    const pre = byCode('85354-9').find((observation) => observation.extension[0].valueCode === 'pre-exercise');
    expect(pre.component.map((component: { valueQuantity: { value: number } }) => component.valueQuantity.value)).toEqual([132, 84]);

    const [adverse] = byCode('exercise-adverse-event');
    expect(adverse).toMatchObject({
      valueString: 'Light-headed after the treadmill',
      component: [
        { valueCodeableConcept: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/adverse-event-severity', code: 'mild' }] } },
        { valueString: 'Seated rest, resolved in 3 minutes' },
      ],
    });
    expect((await kit.fhir(`Encounter/${id}`)).extension).toEqual([
      { url: 'https://fhir.metbridge.org/StructureDefinition/session-adverse-event', valueReference: { reference: `Observation/${adverse.id}` } },
    ]);
  });

  it('does not list the session’s vital signs as assessments', async () => {
    const { id: patientId } = await kit.createClient({ lastName: 'Vitals' });
    await kit.post(`/clients/${patientId}/sessions`, session);
    expect((await kit.get(`/clients/${patientId}/assessments`)).body.items).toEqual([]);
  });

  it('lists every invalid field at once', async () => {
    const response = await kit.post(`/clients/${clientId}/sessions`, {
      date: 'Monday',
      exercises: [{ name: '', sets: 0, load: { value: 20, unit: 'stone' } }],
      rpe: { scale: 'cr-10', value: 14 },
      adverseEvents: [{ description: 'Fell', severity: 'fatal' }],
      mood: 'good',
    });
    expect(response.status).toBe(400);
    expect(fieldNames(response.body)).toEqual([
      'adverseEvents.0.severity',
      'date',
      'durationMinutes',
      'exercises.0.load.unit',
      'exercises.0.name',
      'exercises.0.sets',
      'mood',
      'rpe.value',
    ]);
  });

  it('refuses implausible vital signs with 422 and records nothing', async () => {
    const { id: patientId } = await kit.createClient({ lastName: 'Refused' });
    const response = await kit.post(`/clients/${patientId}/sessions`, { ...session, heartRate: { pre: 72, post: 310 }, bloodPressure: { pre: { systolic: 80, diastolic: 90 } } });
    expect(response.status).toBe(422);
    expect(fieldNames(response.body)).toEqual(['bloodPressure.pre.diastolic', 'heartRate.post']);
    expect(await kit.fhirSearch(`Encounter?patient=Patient/${patientId}`)).toEqual([]);
    expect(await kit.fhirSearch(`Observation?patient=Patient/${patientId}`)).toEqual([]);
  });

  it('is 404 for an unknown client or another practice’s client, and 401 without a token', async () => {
    expect((await kit.post(`/clients/${crypto.randomUUID()}/sessions`, session)).status).toBe(404);
    expect((await kit.post(`/clients/${clientId}/sessions`, session, kit.otherPracticeHeaders)).status).toBe(404);
    expect((await kit.post(`/clients/${clientId}/sessions`, session, { 'content-type': 'application/json' })).status).toBe(401);
  });
});

describe('GET /api/v1/clients/{id}/sessions', () => {
  it('lists sessions most recent first, a minimal one with empty lists', async () => {
    const { id: patientId } = await kit.createClient({ lastName: 'Regular' });
    await kit.post(`/clients/${patientId}/sessions`, session);
    const minimal = (await kit.post(`/clients/${patientId}/sessions`, { date: '2025-02-10', durationMinutes: 30 })).body;
    expect(minimal).toEqual({ id: expect.any(String), clientId: patientId, date: '2025-02-10', durationMinutes: 30, exercises: [], adverseEvents: [] });
    const listed = await kit.get(`/clients/${patientId}/sessions`);
    expect(listed.body.items.map((item: { date: string }) => item.date)).toEqual(['2025-02-10', session.date]);
  });

  it('is 404 for another practice’s client and 401 without a token', async () => {
    expect((await kit.get(`/clients/${clientId}/sessions`, kit.otherPracticeHeaders)).status).toBe(404);
    expect((await kit.t.app.request(`/api/v1/clients/${clientId}/sessions`)).status).toBe(401);
  });
});
