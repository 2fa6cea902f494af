import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPaWorld, type PaWorld } from './pa-referral-fixture';

/**
 * The referral Task state machine, table-driven: every practice action the PA rules forbid from
 * each status is refused with 409 and changes nothing; the EHR cannot set the statuses only the
 * Service Provider sets; terminal statuses stay terminal; statusReason is present exactly when
 * the status needs one (pa-taskrm-1).
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html#taskstatus
 * @see https://hl7.org/fhir/us/physical-activity/STU1/StructureDefinition-pa-task-for-referral-management.html#status
 */

type Status = 'requested' | 'accepted' | 'in-progress' | 'on-hold' | 'rejected' | 'completed' | 'failed' | 'cancelled' | 'entered-in-error';
type Action = 'accept' | 'decline' | 'start' | 'hold' | 'resume' | 'complete' | 'fail';

const ACTIONS: readonly Action[] = ['accept', 'decline', 'start', 'hold', 'resume', 'complete', 'fail'];
const WITH_REASON: ReadonlySet<Action> = new Set(['decline', 'hold', 'fail']);

/** What the practice may do from each status (Figure 3 "Task statuses"; start/resume are the two ways into in-progress). */
const LEGAL: Readonly<Record<Status, readonly Action[]>> = {
  requested: ['accept', 'decline'],
  accepted: ['start', 'complete', 'fail'],
  'in-progress': ['hold', 'complete', 'fail'],
  'on-hold': ['resume', 'fail'],
  rejected: [],
  completed: [],
  failed: [],
  cancelled: [],
  'entered-in-error': [],
};

/** How the trainer (or, for the referrer's statuses, the EHR) brings a fresh referral to each status. */
const PATH: Readonly<Record<Status, readonly (Action | 'cancel' | 'retract')[]>> = {
  requested: [],
  accepted: ['accept'],
  'in-progress': ['accept', 'start'],
  'on-hold': ['accept', 'start', 'hold'],
  rejected: ['decline'],
  completed: ['accept', 'complete'],
  failed: ['accept', 'fail'],
  cancelled: ['accept', 'cancel'],
  'entered-in-error': ['retract'],
};

const STATUSES = Object.keys(PATH) as Status[];
const PRACTICE_STATUSES = ['accepted', 'rejected', 'in-progress', 'on-hold', 'completed', 'failed'] as const;
const NEEDS_REASON = new Set(['rejected', 'on-hold', 'cancelled', 'failed']);

let world: PaWorld;
const taskIn: Partial<Record<Status, string>> = {};

async function act(taskId: string, action: Action) {
  return world.trainer('POST', `/referrals/${taskId}/${action}`, WITH_REASON.has(action) ? { reason: `Reason to ${action}` } : undefined);
}

async function ehrSets(taskId: string, status: string, statusReason?: string) {
  const current = (await world.ehr('GET', `Task/${taskId}`)).body;
  const { statusReason: _previous, ...rest } = current;
  return world.ehr('PUT', `Task/${taskId}`, { ...rest, status, ...(statusReason ? { statusReason: { text: statusReason } } : {}) });
}

beforeAll(async () => {
  world = await openPaWorld();
  for (const status of STATUSES) {
    const { taskId } = await world.refer();
    for (const step of PATH[status]) {
      const answer =
        step === 'cancel' ? await ehrSets(taskId, 'cancelled', 'Patient moved away') : step === 'retract' ? await ehrSets(taskId, 'entered-in-error') : await act(taskId, step);
      if (answer.status !== 200) throw new Error(`${status} via ${step}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    taskIn[status] = taskId;
  }
}, 240_000);
afterAll(() => world.close());

const forbidden = STATUSES.flatMap((status) => ACTIONS.filter((action) => !LEGAL[status].includes(action)).map((action) => [status, action] as const));

describe('practice actions the PA rules forbid', () => {
  it.each(forbidden)('from %s, %s is refused with 409 and nothing changes', async (status, action) => {
    const taskId = taskIn[status]!;
    const before = (await world.ehr('GET', `Task/${taskId}`)).body;
    const refused = await act(taskId, action);
    expect(refused.status).toBe(409);
    const stopped = status === 'cancelled' || status === 'entered-in-error';
    expect(refused.body).toMatchObject({ error: stopped ? 'referral_stopped' : 'illegal_transition', currentStatus: status });
    expect(refused.body.message).toMatch(stopped ? /referring physician/ : new RegExp(`The referral is ${status}`));
    const after = (await world.ehr('GET', `Task/${taskId}`)).body;
    expect(after.meta.versionId).toBe(before.meta.versionId);
  });
});

describe('the EHR (Care Manager) cannot set what only the Service Provider sets', () => {
  const cases = (['requested', 'accepted', 'in-progress', 'on-hold'] as const).flatMap((from) =>
    PRACTICE_STATUSES.filter((to) => to !== from).map((to) => [from, to] as const),
  );
  it.each(cases)('from %s, a PUT to %s is refused with 422 on Task.status', async (from, to) => {
    const refused = await ehrSets(taskIn[from]!, to, NEEDS_REASON.has(to) ? 'Because' : undefined);
    expect(refused.status).toBe(422);
    expect(refused.body.issue).toContainEqual(expect.objectContaining({ code: 'business-rule', expression: ['Task.status'] }));
  });

  it('nor can the trainer set what only the Care Manager sets (cancelled)', async () => {
    const current = (await world.trainerFhir('GET', `Task/${taskIn['in-progress']}`)).body;
    const refused = await world.trainerFhir('PUT', `Task/${current.id}`, { ...current, status: 'cancelled', statusReason: { text: 'No' } });
    expect(refused.status).toBe(422);
    expect(refused.body.issue[0].diagnostics).toMatch(/Only the referrer may set a referral Task to cancelled/);
  });
});

describe('terminal statuses stay terminal', () => {
  const cases = (['rejected', 'completed', 'failed', 'cancelled', 'entered-in-error'] as const).flatMap((from) =>
    (['requested', 'cancelled'] as const).filter((to) => to !== from).map((to) => [from, to] as const),
  );
  it.each(cases)('a %s Task cannot be put back to %s by the EHR', async (from, to) => {
    const refused = await ehrSets(taskIn[from]!, to, NEEDS_REASON.has(to) ? 'Because' : undefined);
    expect(refused.status).toBe(422);
    expect(refused.body.issue).toContainEqual(expect.objectContaining({ expression: ['Task.status'] }));
  });
});

describe('pa-taskrm-1: statusReason exactly when rejected, on-hold, cancelled or failed', () => {
  it('a cancellation without a statusReason is refused naming Task.statusReason', async () => {
    const refused = await ehrSets(taskIn.accepted!, 'cancelled');
    expect(refused.status).toBe(422);
    expect(refused.body.issue).toContainEqual(expect.objectContaining({ expression: ['Task.statusReason'] }));
  });

  it('a statusReason on an accepted Task is refused', async () => {
    const current = (await world.trainerFhir('GET', `Task/${taskIn.requested}`)).body;
    const refused = await world.trainerFhir('PUT', `Task/${current.id}`, { ...current, status: 'accepted', statusReason: { text: 'Happy to' } });
    expect(refused.status).toBe(422);
    expect(refused.body.issue).toContainEqual(expect.objectContaining({ expression: ['Task.statusReason'] }));
  });

  it('a decline, hold or fail through the practice API needs a reason, named as the invalid field', async () => {
    for (const action of ['decline', 'hold', 'fail'] as const) {
      const refused = await world.trainer('POST', `/referrals/${taskIn.requested}/${action}`, {});
      expect(refused.status).toBe(400);
      expect(refused.body.fields.map((field: { field: string }) => field.field)).toEqual(['reason']);
    }
  });
});
