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
const CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const PHYSICAL_ACTIVITY = { coding: [{ system: 'http://hl7.org/fhir/us/physical-activity/CodeSystem/pa-temporary-codes', code: 'PhysicalActivity' }] };

describe('POST /api/v1/clients/{id}/assessments', () => {
  it('records a 6-minute walk that comes back identically and as the catalog Observation', async () => {
    const walk = { type: '6mwt', value: 420, unit: 'm', performedAt: '2025-01-10T10:30:00-05:00', note: 'On the 30 m course.' };
    const created = await kit.post(`/clients/${clientId}/assessments`, walk);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), clientId, ...walk });
    expect((await kit.get(`/clients/${clientId}/assessments?type=6mwt`)).body.items).toEqual([created.body]);

    expect(await kit.fhir(`Observation/${created.body.id}`)).toMatchObject({
      resourceType: 'Observation',
      status: 'final',
      category: [{ coding: [{ system: CATEGORY, code: 'exam' }] }, PHYSICAL_ACTIVITY],
      code: {
        coding: [
          { system: LOINC, code: '64098-7' },
          { system: 'http://snomed.info/sct', code: '1144649008' },
        ],
      },
      subject: { reference: `Patient/${clientId}` },
      effectiveDateTime: '2025-01-10T10:30:00-05:00',
      performer: [{ reference: `Practitioner/${kit.practitionerId}` }],
      valueQuantity: { value: 420, unit: 'm', system: UCUM, code: 'm' },
      note: [{ text: 'On the 30 m course.' }],
    });
  });

  it('records a blood pressure as a vital-signs panel with systolic and diastolic components', async () => {
    const reading = { type: 'blood-pressure', components: { systolic: 132, diastolic: 84 }, unit: 'mm[Hg]', performedAt: '2025-01-10' };
    const created = await kit.post(`/clients/${clientId}/assessments`, reading);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), clientId, ...reading });
    const observation = await kit.fhir(`Observation/${created.body.id}`);
    expect(observation).toMatchObject({
      category: [{ coding: [{ system: CATEGORY, code: 'vital-signs' }] }, PHYSICAL_ACTIVITY],
      code: { coding: [{ system: LOINC, code: '85354-9' }] },
      component: [
        { code: { coding: [{ system: LOINC, code: '8480-6' }] }, valueQuantity: { value: 132, system: UCUM, code: 'mm[Hg]' } },
        { code: { coding: [{ system: LOINC, code: '8462-4' }] }, valueQuantity: { value: 84, system: UCUM, code: 'mm[Hg]' } },
      ],
    });
    expect(observation.valueQuantity).toBeUndefined();
  });

  it('converts a grip strength in pounds-force to kilograms', async () => {
    const created = await kit.post(`/clients/${clientId}/assessments`, { type: 'grip-right', value: 50, unit: '[lbf_av]', performedAt: '2025-01-10' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: 'grip-right', value: 22.68, unit: 'kg' });
    expect((await kit.fhir(`Observation/${created.body.id}`)).valueQuantity).toEqual({ value: 22.68, unit: 'kg', system: UCUM, code: 'kg' });
  });

  it('refuses an unknown assessment type, naming the valid ones', async () => {
    const response = await kit.post(`/clients/${clientId}/assessments`, { type: 'vo2max', value: 31, performedAt: '2025-01-10' });
    expect(response.status).toBe(400);
    expect(response.body.fields).toEqual([{ field: 'type', message: expect.stringMatching(/Valid types: 6mwt, tug, .*blood-pressure.*berg-balance\./) }]);
  });

  it('refuses a unit that cannot be converted to the catalog unit', async () => {
    const response = await kit.post(`/clients/${clientId}/assessments`, { type: 'tug', value: 12, unit: 'm', performedAt: '2025-01-10' });
    expect(response.status).toBe(400);
    expect(response.body.fields).toEqual([{ field: 'unit', message: '"m" cannot be converted to s; use one of s, min.' }]);
  });

  it('refuses an implausible value with 422 and records nothing', async () => {
    const { id } = await kit.createClient({ lastName: 'Implausible' });
    const response = await kit.post(`/clients/${id}/assessments`, { type: '6mwt', value: 9000, performedAt: '2025-01-10' });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ error: 'implausible_value', fields: [{ field: 'value', message: expect.stringContaining('0–1000 m') }] });
    const panel = await kit.post(`/clients/${id}/assessments`, { type: 'blood-pressure', components: { systolic: 400, diastolic: 10 }, performedAt: '2025-01-10' });
    expect(panel.status).toBe(422);
    expect(fieldNames(panel.body)).toEqual(['components.diastolic', 'components.systolic']);
    expect((await kit.get(`/clients/${id}/assessments`)).body.items).toEqual([]);
    expect(await kit.fhirSearch(`Observation?patient=Patient/${id}`)).toEqual([]);
  });

  it('lists every invalid field at once', async () => {
    const response = await kit.post(`/clients/${clientId}/assessments`, {
      type: 'blood-pressure',
      value: 120,
      components: { systolic: 'high', mean: 90 },
      unit: 'kPa',
      performedAt: '2025-01-10T10:30',
      by: 'Dana',
    });
    expect(response.status).toBe(400);
    expect(fieldNames(response.body)).toEqual([
      'by',
      'components.diastolic',
      'components.mean',
      'components.systolic',
      'performedAt',
      'unit',
      'value',
    ]);
  });

  it('is 404 for an unknown client or another practice’s client, and 401 without a token', async () => {
    const walk = { type: '6mwt', value: 420, performedAt: '2025-01-10' };
    expect((await kit.post(`/clients/${crypto.randomUUID()}/assessments`, walk)).status).toBe(404);
    expect((await kit.post(`/clients/${clientId}/assessments`, walk, kit.otherPracticeHeaders)).status).toBe(404);
    expect((await kit.post(`/clients/${clientId}/assessments`, walk, { 'content-type': 'application/json' })).status).toBe(401);
  });
});

describe('GET /api/v1/clients/{id}/assessments', () => {
  it('lists the client’s assessments most recent first, also those an EHR wrote, filtered by type', async () => {
    const { id } = await kit.createClient({ lastName: 'Listed' });
    await kit.post(`/clients/${id}/assessments`, { type: 'tug', value: 14, performedAt: '2025-01-05' });
    await kit.post(`/clients/${id}/assessments`, { type: 'tug', value: 12.5, performedAt: '2025-02-05' });
    await kit.post(`/clients/${id}/assessments`, { type: 'pain', value: 3, performedAt: '2025-01-20' });
    await kit.t.app.request('/fhir/Observation', {
      method: 'POST',
      headers: { authorization: kit.headers.authorization!, 'content-type': 'application/fhir+json' },
      body: JSON.stringify({
        resourceType: 'Observation',
        status: 'final',
        category: [PHYSICAL_ACTIVITY],
        code: { coding: [{ system: LOINC, code: '89423-8' }] },
        subject: { reference: `Patient/${id}` },
        effectiveDateTime: '2025-01-25',
        valueQuantity: { value: 13, unit: 's', system: UCUM, code: 's' },
      }),
    });
    const all = await kit.get(`/clients/${id}/assessments`);
    expect(all.body.items.map((item: { type: string; value: number }) => `${item.type} ${item.value}`)).toEqual(['tug 12.5', 'tug 13', 'pain 3', 'tug 14']);
    const tug = await kit.get(`/clients/${id}/assessments?type=tug`);
    expect(tug.body.items).toHaveLength(3);
  });

  it('refuses an unknown type filter', async () => {
    const response = await kit.get(`/clients/${clientId}/assessments?type=vo2max`);
    expect(response.status).toBe(400);
    expect(fieldNames(response.body)).toEqual(['type']);
  });

  it('is 404 for another practice’s client and 401 without a token', async () => {
    expect((await kit.get(`/clients/${clientId}/assessments`, kit.otherPracticeHeaders)).status).toBe(404);
    expect((await kit.t.app.request(`/api/v1/clients/${clientId}/assessments`)).status).toBe(401);
  });
});
