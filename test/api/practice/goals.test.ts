import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPracticeTestKit, fieldNames, type PracticeTestKit } from './practice-test-kit';

let kit: PracticeTestKit;

beforeAll(async () => {
  kit = await createPracticeTestKit();
});
afterAll(() => kit.close());

const ACHIEVEMENT = 'http://terminology.hl7.org/CodeSystem/goal-achievement';

async function goalOf(clientId: string, goalId: string) {
  const listed = await kit.get(`/clients/${clientId}/goals`);
  return listed.body.items.find((goal: { id: string }) => goal.id === goalId);
}

async function assess(clientId: string, body: Record<string, unknown>) {
  const response = await kit.post(`/clients/${clientId}/assessments`, body);
  expect(response.status).toBe(201);
  return response.body;
}

describe('POST /api/v1/clients/{id}/goals', () => {
  it('sets a goal that comes back identically and as a PA IG Goal with a measurable target', async () => {
    const { id: clientId } = await kit.createClient();
    const goal = {
      term: 'long-term',
      measure: '6mwt',
      baseline: 300,
      target: 400,
      unit: 'm',
      dueDate: '2025-06-30',
      startDate: '2025-01-06',
      description: 'Walk 400 m in six minutes to shop independently',
      note: 'Client’s own goal.',
    };
    const created = await kit.post(`/clients/${clientId}/goals`, goal);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), clientId, ...goal, lifecycleStatus: 'active', achievementStatus: 'in-progress' });
    expect((await kit.get(`/clients/${clientId}/goals`)).body.items).toEqual([created.body]);

    expect(await kit.fhir(`Goal/${created.body.id}`)).toMatchObject({
      resourceType: 'Goal',
      extension: [{ url: 'https://fhir.metbridge.org/StructureDefinition/goal-baseline', valueQuantity: { value: 300, code: 'm' } }],
      lifecycleStatus: 'active',
      achievementStatus: { coding: [{ system: ACHIEVEMENT, code: 'in-progress' }] },
      category: [
        { coding: [{ system: 'http://hl7.org/fhir/us/physical-activity/CodeSystem/pa-temporary-codes', code: 'PhysicalActivity' }] },
        { coding: [{ system: 'https://fhir.metbridge.org/CodeSystem/met-goal-term', code: 'long-term' }] },
      ],
      description: { text: goal.description },
      subject: { reference: `Patient/${clientId}` },
      startDate: '2025-01-06',
      target: [
        {
          measure: { coding: [{ system: 'http://loinc.org', code: '64098-7' }, { system: 'http://snomed.info/sct', code: '1144649008' }] },
          detailQuantity: { value: 400, unit: 'm', system: 'http://unitsofmeasure.org', code: 'm' },
          dueDate: '2025-06-30',
        },
      ],
      expressedBy: { reference: `Practitioner/${kit.practitionerId}` },
      note: [{ text: goal.note }],
    });
  });

  it('refuses an unknown measure (naming the valid ones), an unconvertible unit and every other invalid field', async () => {
    const { id: clientId } = await kit.createClient();
    const unknown = await kit.post(`/clients/${clientId}/goals`, { term: 'short-term', measure: 'vo2max', baseline: 20, target: 25, dueDate: '2025-06-30' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields).toEqual([{ field: 'measure', message: expect.stringContaining('Valid measures: 6mwt, tug') }]);
    const unit = await kit.post(`/clients/${clientId}/goals`, { term: 'short-term', measure: 'tug', baseline: 14, target: 10, unit: 'kg', dueDate: '2025-06-30' });
    expect(fieldNames(unit.body)).toEqual(['unit']);
    const everything = await kit.post(`/clients/${clientId}/goals`, { term: 'someday', measure: 'tug', target: '10', dueDate: '30/06/2025', owner: 'Dana' });
    expect(everything.status).toBe(400);
    expect(fieldNames(everything.body)).toEqual(['baseline', 'dueDate', 'owner', 'target', 'term']);
  });

  it('refuses a target that is not an improvement on the baseline with 422', async () => {
    const { id: clientId } = await kit.createClient();
    const response = await kit.post(`/clients/${clientId}/goals`, { term: 'short-term', measure: 'tug', baseline: 10, target: 14, dueDate: '2025-06-30' });
    expect(response.status).toBe(422);
    expect(response.body.fields).toEqual([{ field: 'target', message: expect.stringContaining('improves downward') }]);
  });

  it('is 404 for another practice’s client and 401 without a token', async () => {
    const { id: clientId } = await kit.createClient();
    const goal = { term: 'short-term', measure: 'tug', baseline: 14, target: 10, dueDate: '2025-06-30' };
    expect((await kit.post(`/clients/${clientId}/goals`, goal, kit.otherPracticeHeaders)).status).toBe(404);
    expect((await kit.post(`/clients/${clientId}/goals`, goal, { 'content-type': 'application/json' })).status).toBe(401);
    expect((await kit.get(`/clients/${clientId}/goals`, kit.otherPracticeHeaders)).status).toBe(404);
    expect((await kit.t.app.request(`/api/v1/clients/${clientId}/goals`)).status).toBe(401);
  });
});

describe('goal attainment follows each new assessment', () => {
  it('Timed Up and Go improves downward: improving, worsening, no change, then achieved and completed', async () => {
    const { id: clientId } = await kit.createClient({ lastName: 'Tug' });
    const { id: goalId } = (await kit.post(`/clients/${clientId}/goals`, { term: 'short-term', measure: 'tug', baseline: 14, target: 10, dueDate: '2025-06-30' })).body;

    const steps: [number, string, string, string][] = [
      [12, '2025-02-01', 'improving', 'active'],
      [15, '2025-02-15', 'worsening', 'active'],
      [14, '2025-03-01', 'no-change', 'active'],
      [9.8, '2025-03-15', 'achieved', 'completed'],
    ];
    for (const [value, performedAt, achievementStatus, lifecycleStatus] of steps) {
      const assessment = await assess(clientId, { type: 'tug', value, performedAt });
      expect(await goalOf(clientId, goalId)).toMatchObject({ achievementStatus, lifecycleStatus, latest: { value, performedAt, assessmentId: assessment.id } });
    }
    const goal = await kit.fhir(`Goal/${goalId}`);
    expect(goal).toMatchObject({ lifecycleStatus: 'completed', statusDate: '2025-03-15', achievementStatus: { coding: [{ system: ACHIEVEMENT, code: 'achieved' }] } });

    await assess(clientId, { type: 'tug', value: 13, performedAt: '2025-04-01' });
    expect(await goalOf(clientId, goalId)).toMatchObject({ lifecycleStatus: 'completed', achievementStatus: 'achieved', latest: { value: 9.8 } });
  });

  it('6-minute walk improves upward, and each goal update is a new version with its Provenance', async () => {
    const { id: clientId } = await kit.createClient({ lastName: 'Walker' });
    const { id: goalId } = (await kit.post(`/clients/${clientId}/goals`, { term: 'long-term', measure: '6mwt', baseline: 300, target: 400, dueDate: '2025-06-30' })).body;

    await assess(clientId, { type: '6mwt', value: 350, performedAt: '2025-02-01' });
    expect(await goalOf(clientId, goalId)).toMatchObject({ achievementStatus: 'improving', lifecycleStatus: 'active' });
    await assess(clientId, { type: '6mwt', value: 1350, unit: '[ft_i]', performedAt: '2025-03-01' });
    expect(await goalOf(clientId, goalId)).toMatchObject({ achievementStatus: 'achieved', lifecycleStatus: 'completed', latest: { value: 411.48 } });

    const goal = await kit.fhir(`Goal/${goalId}`);
    expect(goal.meta.versionId).toBe('3');
    const provenances = await kit.fhirSearch('Provenance');
    const targets = provenances.map((provenance) => provenance.target[0].reference);
    expect(targets).toEqual(expect.arrayContaining([`Goal/${goalId}/_history/2`, `Goal/${goalId}/_history/3`]));
  });

  it('judges by the most recent assessment, not by the last one entered', async () => {
    const { id: clientId } = await kit.createClient({ lastName: 'Backdated' });
    const { id: goalId } = (await kit.post(`/clients/${clientId}/goals`, { term: 'long-term', measure: '6mwt', baseline: 300, target: 400, dueDate: '2025-06-30' })).body;
    await assess(clientId, { type: '6mwt', value: 360, performedAt: '2025-03-01' });
    await assess(clientId, { type: '6mwt', value: 280, performedAt: '2025-01-15' });
    expect(await goalOf(clientId, goalId)).toMatchObject({ achievementStatus: 'improving', latest: { value: 360, performedAt: '2025-03-01' } });
  });

  it('a blood pressure reading moves a systolic goal, and leaves other measures’ goals alone', async () => {
    const { id: clientId } = await kit.createClient({ lastName: 'Pressure' });
    const systolic = (await kit.post(`/clients/${clientId}/goals`, { term: 'long-term', measure: 'blood-pressure.systolic', baseline: 150, target: 130, dueDate: '2025-09-30' })).body;
    const walk = (await kit.post(`/clients/${clientId}/goals`, { term: 'long-term', measure: '6mwt', baseline: 300, target: 400, dueDate: '2025-09-30' })).body;
    await assess(clientId, { type: 'blood-pressure', components: { systolic: 138, diastolic: 86 }, performedAt: '2025-02-01' });
    expect(await goalOf(clientId, systolic.id)).toMatchObject({ achievementStatus: 'improving', latest: { value: 138 } });
    expect(await goalOf(clientId, walk.id)).toMatchObject({ achievementStatus: 'in-progress' });
    expect((await goalOf(clientId, walk.id)).latest).toBeUndefined();
    expect((await kit.fhir(`Goal/${walk.id}`)).meta.versionId).toBe('1');
  });

  it('an implausible assessment changes no goal', async () => {
    const { id: clientId } = await kit.createClient({ lastName: 'Unchanged' });
    const { id: goalId } = (await kit.post(`/clients/${clientId}/goals`, { term: 'short-term', measure: 'tug', baseline: 14, target: 10, dueDate: '2025-06-30' })).body;
    expect((await kit.post(`/clients/${clientId}/assessments`, { type: 'tug', value: 0.2, performedAt: '2025-02-01' })).status).toBe(422);
    expect((await kit.fhir(`Goal/${goalId}`)).meta.versionId).toBe('1');
  });
});
