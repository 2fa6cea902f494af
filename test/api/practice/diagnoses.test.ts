import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPracticeTestKit, fieldNames, type PracticeTestKit } from './practice-test-kit';

let kit: PracticeTestKit;
let clientId: string;

beforeAll(async () => {
  kit = await createPracticeTestKit();
  clientId = (await kit.createClient()).id;
});
afterAll(() => kit.close());

const stroke = {
  code: 'I63.9',
  display: 'Cerebral infarction, unspecified',
  onset: '2024-11-02',
  sourcePhysician: { name: 'Dr. Jane Lee', npi: '1234567893' },
  verificationStatus: 'confirmed',
  note: 'Left hemiparesis; cleared for supervised exercise.',
};

describe('POST /api/v1/clients/{id}/diagnoses', () => {
  it('records a diagnosis that comes back identically and as a problem-list Condition', async () => {
    const created = await kit.post(`/clients/${clientId}/diagnoses`, stroke);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), clientId, ...stroke, clinicalStatus: 'active' });

    const listed = await kit.get(`/clients/${clientId}/diagnoses`);
    expect(listed.body.items).toContainEqual(created.body);

    const condition = await kit.fhir(`Condition/${created.body.id}`);
    expect(condition).toMatchObject({
      resourceType: 'Condition',
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
      verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }] },
      category: [
        { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' }] },
        { coding: [{ system: 'http://hl7.org/fhir/us/physical-activity/CodeSystem/pa-temporary-codes', code: 'PhysicalActivity' }] },
      ],
      code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'I63.9', display: 'Cerebral infarction, unspecified' }] },
      subject: { reference: `Patient/${clientId}` },
      onsetDateTime: '2024-11-02',
      recorder: { reference: `Practitioner/${kit.practitionerId}` },
      asserter: { type: 'Practitioner', identifier: { system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' }, display: 'Dr. Jane Lee' },
      note: [{ text: stroke.note }],
    });
    expect(condition.recordedDate).toEqual(expect.any(String));
  });

  it('records a diagnosis entered in error without a clinical status (FHIR con-5)', async () => {
    const created = await kit.post(`/clients/${clientId}/diagnoses`, { code: 'E11.9', verificationStatus: 'entered-in-error' });
    expect(created.status).toBe(201);
    expect(created.body.clinicalStatus).toBeUndefined();
    expect((await kit.fhir(`Condition/${created.body.id}`)).clinicalStatus).toBeUndefined();
  });

  it('lists every invalid field at once', async () => {
    const response = await kit.post(`/clients/${clientId}/diagnoses`, {
      code: 'i63.9',
      onset: 'last winter',
      sourcePhysician: { name: 'Dr. Lee', npi: '1234567890' },
      verificationStatus: 'entered-in-error',
      clinicalStatus: 'active',
      severity: 'moderate',
    });
    expect(response.status).toBe(400);
    expect(fieldNames(response.body)).toEqual(['clinicalStatus', 'code', 'onset', 'severity', 'sourcePhysician.npi']);
    const missing = await kit.post(`/clients/${clientId}/diagnoses`, {});
    expect(fieldNames(missing.body)).toEqual(['code', 'verificationStatus']);
  });

  it('is 404 for an unknown client or another practice’s client, and 401 without a token', async () => {
    expect((await kit.post(`/clients/${crypto.randomUUID()}/diagnoses`, stroke)).status).toBe(404);
    expect((await kit.post(`/clients/${clientId}/diagnoses`, stroke, kit.otherPracticeHeaders)).status).toBe(404);
    expect((await kit.post(`/clients/${clientId}/diagnoses`, stroke, { 'content-type': 'application/json' })).status).toBe(401);
  });
});

describe('GET /api/v1/clients/{id}/diagnoses', () => {
  it('includes ICD-10-CM Conditions an EHR wrote through FHIR, most recent onset first', async () => {
    const { id } = await kit.createClient({ lastName: 'Diagnosed' });
    await kit.post(`/clients/${id}/diagnoses`, { code: 'M17.11', onset: '2019-05-01', verificationStatus: 'confirmed' });
    await kit.t.app.request('/fhir/Condition', {
      method: 'POST',
      headers: { authorization: kit.headers.authorization!, 'content-type': 'application/fhir+json' },
      body: JSON.stringify({
        resourceType: 'Condition',
        subject: { reference: `Patient/${id}` },
        code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'I10', display: 'Essential (primary) hypertension' }] },
        onsetDateTime: '2022-03-10',
      }),
    });
    const listed = await kit.get(`/clients/${id}/diagnoses`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((diagnosis: { code: string }) => diagnosis.code)).toEqual(['I10', 'M17.11']);
    expect(listed.body.items[0]).not.toHaveProperty('verificationStatus');
  });

  it('is 404 for another practice’s client and 401 without a token', async () => {
    expect((await kit.get(`/clients/${clientId}/diagnoses`, kit.otherPracticeHeaders)).status).toBe(404);
    expect((await kit.t.app.request(`/api/v1/clients/${clientId}/diagnoses`)).status).toBe(401);
  });
});
