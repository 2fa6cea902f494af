import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayFrom, openPaWorld, type PaWorld, type ReferralIds } from './pa-referral-fixture';

/**
 * The two ways a referral ends early: the Service Provider declines it with a reason (Task
 * `rejected` + statusReason), or the Care Manager cancels it mid-way (Task `cancelled` +
 * statusReason), after which every practice action on it is refused with a 409 that says why.
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html#managing
 * @see https://hl7.org/fhir/us/physical-activity/STU1/StructureDefinition-pa-task-for-referral-management.html#status
 */

let world: PaWorld;

beforeAll(async () => {
  world = await openPaWorld();
}, 120_000);
afterAll(() => world.close());

describe('the practice declines', () => {
  it('the Task becomes rejected with the reason as statusReason, which the EHR reads', async () => {
    const { taskId } = await world.refer();
    const declined = await world.trainer('POST', `/referrals/${taskId}/decline`, { reason: 'Not accepting new clients until March.' });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'rejected', statusReason: 'Not accepting new clients until March.' });
    const task = (await world.ehr('GET', `Task/${taskId}`)).body;
    expect(task).toMatchObject({ status: 'rejected', statusReason: { text: 'Not accepting new clients until March.' } });
    expect((await world.ehr('GET', `Task?_id=${taskId}&status=rejected`)).body.entry ?? []).toHaveLength(1);
  });
});

describe('the referrer cancels mid-way', () => {
  let ids: ReferralIds;
  const REASON = 'Admitted to hospital; exercise contraindicated.';

  beforeAll(async () => {
    ids = await world.refer();
    await world.trainer('POST', `/referrals/${ids.taskId}/accept`);
    await world.trainer('POST', `/referrals/${ids.taskId}/start`);
    const current = (await world.ehr('GET', `Task/${ids.taskId}`)).body;
    const cancelled = await world.ehr('PUT', `Task/${ids.taskId}`, { ...current, status: 'cancelled', statusReason: { text: REASON } }, { 'if-match': `W/"${current.meta.versionId}"` });
    if (cancelled.status !== 200) throw new Error(`cancel refused: ${cancelled.status} ${JSON.stringify(cancelled.body)}`);
  }, 60_000);

  it('the trainer sees the referral cancelled, with the reason', async () => {
    const referral = await world.trainer('GET', `/referrals/${ids.taskId}`);
    expect(referral.body).toMatchObject({ status: 'cancelled', statusReason: REASON });
  });

  it.each(['accept', 'decline', 'start', 'hold', 'resume', 'complete', 'fail'])('%s is refused with 409 saying the physician cancelled, and why', async (action) => {
    const refused = await world.trainer('POST', `/referrals/${ids.taskId}/${action}`, ['decline', 'hold', 'fail'].includes(action) ? { reason: 'Anything' } : undefined);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'referral_stopped', currentStatus: 'cancelled' });
    expect(refused.body.message).toContain('The referring physician cancelled this referral');
    expect(refused.body.message).toContain(REASON);
  });

  it('interim progress is refused the same way', async () => {
    const refused = await world.trainer('POST', `/referrals/${ids.taskId}/notes`, { text: 'Session 4 done.' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'referral_stopped', currentStatus: 'cancelled' });
  });

  it('a progress report on the cancelled referral is refused with 409, and nothing is stored', async () => {
    const refused = await world.trainer('POST', `/clients/${ids.patientId}/progress-reports`, {
      period: { start: dayFrom(world.t, -7), end: dayFrom(world.t, 0) },
      referralId: ids.taskId,
      narrative: 'Attended one week.',
      nextSteps: 'None.',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/cancelled/);
    expect((await world.trainer('GET', `/clients/${ids.patientId}/progress-reports`)).body.items).toEqual([]);
  });

  it('the Task is left exactly as the EHR wrote it', async () => {
    const task = (await world.ehr('GET', `Task/${ids.taskId}`)).body;
    expect(task).toMatchObject({ status: 'cancelled', statusReason: { text: REASON } });
    expect(task.meta.versionId).toBe('4');
  });
});
