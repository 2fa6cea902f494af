import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/api/auth/principal';
import { createTestPractice } from '../../support/practices';
import { createTestApp, systemPrincipal, type TestApp } from '../../support/test-app';

/**
 * Validation on every write (FHIR R4 validation, MetBridge's profiles, the PA IG referral Task
 * workflow) over HTTP: each refused write is a 422 OperationOutcome whose issues carry FHIRPath
 * expressions. Spec sections per test: validation.README-rows.md.
 */

const UCUM = 'http://unitsofmeasure.org';
const LOINC = 'http://loinc.org';
const PHYSICAL_ACTIVITY = { coding: [{ system: 'http://hl7.org/fhir/us/physical-activity/CodeSystem/pa-temporary-codes', code: 'PhysicalActivity' }] };
const VITAL_SIGNS = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] };
const MET_ASSESSMENT_PROFILE = 'https://fhir.metbridge.org/StructureDefinition/met-assessment-observation';

let t: TestApp;
/** The practice: a trainer signed in (a `user` actor). */
let practice: Record<string, string>;
/** The referrer: the physician's EHR (a `client` actor). */
let referrer: Record<string, string>;
/** The practice's Organization, which owns its referral Tasks. */
let organizationId: string;

beforeAll(async () => {
  t = await createTestApp();
  const practiceId = await createTestPractice(t.repositories, 'Validation Practice');
  organizationId = (await t.repositories.practices.findById(practiceId))!.organizationId;
  const trainer: Principal = {
    practiceId,
    actor: { kind: 'user', userId: 'trainer-1', practitionerId: crypto.randomUUID() },
    scopes: ['user/*.cruds'],
  };
  practice = t.authorize(trainer);
  referrer = t.authorize(systemPrincipal(practiceId, 'referring-ehr'));
});
afterAll(() => t.close());

/** A resource as JSON, loosely typed: these tests send invalid resources on purpose. */
type FhirJson = { resourceType: string; id?: string } & Record<string, unknown>;

interface Issue {
  severity: string;
  code: string;
  diagnostics: string;
  expression?: string[];
}

async function send(method: 'POST' | 'PUT', path: string, resource: object, as: Record<string, string>) {
  const response = await t.app.request(`/fhir/${path}`, {
    method,
    headers: { ...as, 'content-type': 'application/fhir+json' },
    body: JSON.stringify(resource),
  });
  const body = (await response.json()) as FhirJson & { issue?: Issue[] };
  return { status: response.status, body };
}

const create = (resource: FhirJson, as: Record<string, string>) => send('POST', resource.resourceType, resource, as);
const update = (resource: FhirJson, as: Record<string, string>) => send('PUT', `${resource.resourceType}/${resource.id}`, resource, as);

/** The 422's issue expressions, sorted; fails the test when the answer is not a 422 OperationOutcome. */
function refusedAt(result: { status: number; body: { resourceType: string; issue?: Issue[] } }): string[] {
  expect(result.status).toBe(422);
  expect(result.body.resourceType).toBe('OperationOutcome');
  for (const issue of result.body.issue ?? []) expect(issue.severity).toBe('error');
  return (result.body.issue ?? []).flatMap((issue) => issue.expression ?? ['(none)']).sort();
}

function sixMinuteWalk(valueQuantity: object = { value: 420, unit: 'm', system: UCUM, code: 'm' }, extra: object = {}): FhirJson {
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [PHYSICAL_ACTIVITY],
    code: { coding: [{ system: LOINC, code: '64098-7', display: 'Six minute walk test' }] },
    subject: { reference: 'Patient/validation-client' },
    effectiveDateTime: '2026-02-10T10:00:00Z',
    valueQuantity,
    ...extra,
  };
}

function referralTask(status = 'requested', extra: Record<string, unknown> = {}): FhirJson {
  return {
    resourceType: 'Task',
    status,
    intent: 'order',
    code: { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill' }] },
    focus: { reference: 'ServiceRequest/referral-1' },
    for: { reference: 'Patient/validation-client' },
    authoredOn: '2026-02-01T09:00:00Z',
    owner: { reference: `Organization/${organizationId}` },
    ...extra,
  };
}

/** A referral Task created by the referrer, then moved by `steps` ([status, actor, statusReason?]). */
async function taskThrough(steps: [string, Record<string, string>, string?][]) {
  const created = await create(referralTask(), referrer);
  expect(created.status).toBe(201);
  let current: FhirJson = created.body;
  for (const [status, as, reason] of steps) {
    const next = await update(moved(current, status, reason), as);
    expect(next.status, `→ ${status}`).toBe(200);
    current = next.body;
  }
  return current;
}

/** The Task with a new status (and its statusReason, if given, replacing any previous one). */
function moved(task: FhirJson, status: string, reason?: string): FhirJson {
  const { statusReason: _previousReason, ...rest } = task;
  return { ...rest, status, ...(reason ? { statusReason: { text: reason } } : {}) };
}

describe('structure against the R4 base definitions', () => {
  it('refuses an element the resource type does not define', async () => {
    const result = await create({ resourceType: 'Patient', name: [{ family: 'Rivera' }], nickname: 'Ana' }, practice);
    expect(refusedAt(result)).toEqual(['Patient.nickname']);
  });

  it('refuses a value of the wrong type', async () => {
    const result = await create({ resourceType: 'Patient', birthDate: 19580412, active: 'yes' }, practice);
    expect(refusedAt(result)).toEqual(['Patient.active', 'Patient.birthDate']);
  });

  it('refuses a code outside a required value set', async () => {
    expect(refusedAt(await create(sixMinuteWalk(undefined, { status: 'done' }), practice))).toEqual(['Observation.status']);
  });

  it('names a choice element as the resource spells it (valueQuantity, not value[x])', async () => {
    const result = await create(sixMinuteWalk({ value: 'far', system: UCUM, code: 'm' }), practice);
    expect(refusedAt(result)).toContain('Observation.valueQuantity.value');
  });

  it('validates updates as well as creates', async () => {
    const created = await create({ resourceType: 'Patient', name: [{ family: 'Rivera' }] }, practice);
    expect(created.status).toBe(201);
    const result = await update({ ...created.body, gender: 'F' }, practice);
    expect(refusedAt(result)).toEqual(['Patient.gender']);
  });
});

describe('MET assessment Observation', () => {
  it('accepts a 6-minute walk in metres with the PhysicalActivity category', async () => {
    expect((await create(sixMinuteWalk(), practice)).status).toBe(201);
  });

  it('refuses a catalog assessment in another unit than the catalog’s', async () => {
    const result = await create(sixMinuteWalk({ value: 1378, unit: 'ft', system: UCUM, code: '[ft_i]' }), practice);
    expect(refusedAt(result)).toEqual(['Observation.valueQuantity.code']);
    expect(result.body.issue![0]!.diagnostics).toContain('UCUM unit m');
  });

  it('refuses an implausible 6-minute walk of 9000 m', async () => {
    const result = await create(sixMinuteWalk({ value: 9000, unit: 'm', system: UCUM, code: 'm' }), practice);
    expect(refusedAt(result)).toEqual(['Observation.valueQuantity.value']);
  });

  it('refuses a catalog assessment without the PhysicalActivity category, and a vital sign without vital-signs', async () => {
    expect(refusedAt(await create(sixMinuteWalk(undefined, { category: [VITAL_SIGNS] }), practice))).toEqual(['Observation.category']);
    const heartRate = sixMinuteWalk({ value: 72, system: UCUM, code: '/min' }, { code: { coding: [{ system: LOINC, code: '8867-4' }] } });
    expect(refusedAt(await create(heartRate, practice))).toEqual(['Observation.category']);
    expect((await create({ ...heartRate, category: [VITAL_SIGNS] }, practice)).status).toBe(201);
  });

  it('requires a blood pressure panel to carry systolic and diastolic components in mm[Hg]', async () => {
    const component = (code: string, value: number, unit = 'mm[Hg]') => ({
      code: { coding: [{ system: LOINC, code }] },
      valueQuantity: { value, system: UCUM, code: unit },
    });
    const panel = {
      resourceType: 'Observation',
      status: 'final',
      category: [VITAL_SIGNS],
      code: { coding: [{ system: LOINC, code: '85354-9' }] },
      subject: { reference: 'Patient/validation-client' },
      effectiveDateTime: '2026-02-10T10:00:00Z',
      component: [component('8480-6', 132), component('8462-4', 84)],
    };
    expect((await create(panel, practice)).status).toBe(201);
    const broken = { ...panel, component: [component('8480-6', 17, 'kPa')] };
    expect(refusedAt(await create(broken, practice))).toEqual(['Observation.component', 'Observation.component[0].valueQuantity.code']);
  });

  it('accepts a code outside the catalog without checking its unit or range', async () => {
    const steps = { coding: [{ system: LOINC, code: '55423-8', display: 'Number of steps' }] };
    const result = await create(sixMinuteWalk({ value: 120000, system: UCUM, code: '{steps}' }, { code: steps, category: [] }), practice);
    expect(result.status).toBe(201);
  });

  it('validates a resource without meta.profile exactly like one that claims the profile', async () => {
    const implausible = { value: 9000, system: UCUM, code: 'm' };
    const unclaimed = await create(sixMinuteWalk(implausible), practice);
    const claimed = await create(sixMinuteWalk(implausible, { meta: { profile: [MET_ASSESSMENT_PROFILE] } }), practice);
    expect(refusedAt(unclaimed)).toEqual(['Observation.valueQuantity.value']);
    expect(refusedAt(claimed)).toEqual(['Observation.valueQuantity.value']);
    expect((await create(sixMinuteWalk(), practice)).status).toBe(201);
  });

  it('reports every violation of one write at once', async () => {
    const result = await create(sixMinuteWalk({ value: 9000, unit: 'm' }, { status: 'done', category: [], bogus: 1 }), practice);
    expect(refusedAt(result)).toEqual([
      'Observation.bogus',
      'Observation.category',
      'Observation.status',
      'Observation.valueQuantity.code',
      'Observation.valueQuantity.system',
    ]);
  });
});

describe('MET Goal', () => {
  const goal = (extra: object): FhirJson => ({
    resourceType: 'Goal',
    lifecycleStatus: 'active',
    description: { coding: [{ system: LOINC, code: '89423-8' }] },
    subject: { reference: 'Patient/validation-client' },
    ...extra,
  });

  it('accepts a target with a measure and a detailQuantity, or a described goal', async () => {
    const target = { measure: { coding: [{ system: LOINC, code: '89423-8' }] }, detailQuantity: { value: 12, comparator: '<=', system: UCUM, code: 's' } };
    expect((await create(goal({ target: [target] }), practice)).status).toBe(201);
    expect((await create(goal({ description: { text: 'Get up from a chair without using the arms' } }), practice)).status).toBe(201);
  });

  it('refuses a goal that is not measurable', async () => {
    expect(refusedAt(await create(goal({}), practice))).toEqual(['Goal.target']);
    const vague = await create(goal({ target: [{ measure: { text: 'Balance' }, detailString: 'better' }] }), practice);
    expect(refusedAt(vague)).toEqual(['Goal.target[0].detail']);
  });
});

describe('PA referral Task', () => {
  it('accepts a referral Task created by the referrer', async () => {
    expect((await create(referralTask(), referrer)).status).toBe(201);
  });

  it('refuses a Task without focus and owner, reporting both', async () => {
    const result = await create(referralTask('requested', { focus: undefined, owner: undefined }), referrer);
    expect(refusedAt(result)).toEqual(['Task.focus', 'Task.owner']);
  });

  it('refuses a Task whose code is not fulfill, or whose status is not a PA referral status', async () => {
    const approve = { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'approve' }] };
    expect(refusedAt(await create(referralTask('requested', { code: approve }), referrer))).toEqual(['Task.code']);
    expect(refusedAt(await create(referralTask('ready'), referrer))).toEqual(['Task.status']);
  });

  it('requires a statusReason when rejected (pa-taskrm-1)', async () => {
    const task = await taskThrough([]);
    expect(refusedAt(await update(moved(task, 'rejected'), practice))).toEqual(['Task.statusReason']);
    expect((await update(moved(task, 'rejected', 'Not accepting new clients'), practice)).status).toBe(200);
  });

  it('does not permit a statusReason when accepted (pa-taskrm-1)', async () => {
    const task = await taskThrough([]);
    expect(refusedAt(await update(moved(task, 'accepted', 'Happy to'), practice))).toEqual(['Task.statusReason']);
  });

  it('follows the whole workflow: accept, start, hold with a reason, resume, complete, then entered-in-error by the referrer', async () => {
    const completed = await taskThrough([
      ['accepted', practice],
      ['in-progress', practice],
      ['on-hold', practice, 'Client in hospital'],
      ['in-progress', practice],
      ['completed', practice],
    ]);
    expect(completed.status).toBe('completed');
    expect((await update(moved(completed, 'entered-in-error'), referrer)).status).toBe(200);
  });

  it('refuses a transition the PA IG state diagram does not have', async () => {
    const task = await taskThrough([]);
    const result = await update(moved(task, 'completed'), practice);
    expect(refusedAt(result)).toEqual(['Task.status']);
    expect(result.body.issue![0]!.diagnostics).toContain('cannot go from requested to completed');
  });

  it('refuses the referrer accepting its own referral', async () => {
    const task = await taskThrough([]);
    const result = await update(moved(task, 'accepted'), referrer);
    expect(refusedAt(result)).toEqual(['Task.status']);
    expect(result.body.issue![0]!.diagnostics).toContain('Only the practice');
  });

  it('refuses the practice cancelling, which is the referrer’s to do', async () => {
    const task = await taskThrough([['accepted', practice]]);
    expect(refusedAt(await update(moved(task, 'cancelled', 'Changed my mind'), practice))).toEqual(['Task.status']);
    expect((await update(moved(task, 'cancelled', 'Referral withdrawn'), referrer)).status).toBe(200);
  });

  it('keeps a terminal status terminal', async () => {
    const completed = await taskThrough([['accepted', practice], ['completed', practice]]);
    const result = await update(moved(completed, 'in-progress'), practice);
    expect(refusedAt(result)).toEqual(['Task.status']);
    expect(result.body.issue![0]!.diagnostics).toContain('terminal');
    expect((await update({ ...completed, note: [{ text: 'Final report sent' }] }, practice)).status).toBe(200);
  });

  it('refuses a Task created in another status than requested', async () => {
    expect(refusedAt(await create(referralTask('accepted'), referrer))).toEqual(['Task.status']);
  });
});
