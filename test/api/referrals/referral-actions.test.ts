import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldNames } from '../practice/practice-test-kit';
import { createReferralTestKit, MRN_SYSTEM, referredPatient, type ReferralTestKit } from './referral-test-kit';

let kit: ReferralTestKit;

beforeAll(async () => {
  kit = await createReferralTestKit();
});
afterAll(() => kit.close());

let people = 0;
/** A referral about a person of its own, so that tests do not match each other's clients. */
async function newReferral() {
  people += 1;
  return kit.refer({ patient: referredPatient({ identifier: [{ system: MRN_SYSTEM, value: `ACT-${people}` }], name: [{ family: `Actor${people}`, given: ['Ana'] }] }) });
}

async function act(id: string, action: string, body?: unknown, headers?: Record<string, string>) {
  if (body !== undefined) return kit.post(`/referrals/${id}/${action}`, body, headers);
  const response = await kit.t.app.request(`/api/v1/referrals/${id}/${action}`, { method: 'POST', headers: headers ?? kit.headers });
  return { status: response.status, body: await response.json() };
}

/** The referral moved through `steps` (action, reason?), each expected to succeed. */
async function referralThrough(...steps: [string, string?][]) {
  const { taskId } = await newReferral();
  for (const [action, reason] of steps) {
    const response = await act(taskId, action, reason ? { reason } : undefined);
    if (response.status !== 200) throw new Error(`${action}: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return taskId;
}

describe('trainer actions on a referral (PA IG Task transitions by the Service Provider)', () => {
  it('accept: the Task becomes accepted, without statusReason, with lastModified and the acknowledgement as output', async () => {
    const { taskId } = await newReferral();
    const response = await act(taskId, 'accept');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: taskId, status: 'accepted', acknowledgement: { documentReferenceId: expect.any(String) } });
    const task = await kit.fhir(`Task/${taskId}`);
    expect(task.status).toBe('accepted');
    expect(task.statusReason).toBeUndefined();
    expect(task.lastModified).toEqual(expect.any(String));
    expect(task.output).toEqual([expect.objectContaining({ valueReference: { reference: `DocumentReference/${response.body.acknowledgement.documentReferenceId}` } })]);
  });

  it('decline needs a reason, which becomes the statusReason the referrer sees', async () => {
    const { taskId } = await newReferral();
    const missing = await act(taskId, 'decline', {});
    expect(missing.status).toBe(400);
    expect(fieldNames(missing.body)).toEqual(['reason']);
    const declined = await act(taskId, 'decline', { reason: 'We do not serve clients under 18.' });
    expect(declined.status).toBe(200);
    const task = await kit.fhir(`Task/${taskId}`);
    expect(task).toMatchObject({ status: 'rejected', statusReason: { text: 'We do not serve clients under 18.' } });
  });

  it('refuses a reason where the status takes none, naming the field, and changes nothing', async () => {
    const { taskId } = await newReferral();
    const response = await act(taskId, 'accept', { reason: 'Happy to help' });
    expect(response.status).toBe(400);
    expect(fieldNames(response.body)).toEqual(['reason']);
    expect((await kit.fhir(`Task/${taskId}`)).meta.versionId).toBe('1');
  });

  it('walks the whole PA IG path: accept, start, hold (reason), resume, complete', async () => {
    const taskId = await referralThrough(['accept'], ['start'], ['hold', 'Knee surgery on Dec 12; back in January.'], ['resume'], ['complete']);
    const history = await kit.fhir(`Task/${taskId}/_history`);
    const statuses = history.entry.map((entry: { resource: { status: string } }) => entry.resource.status).reverse();
    expect(statuses).toEqual(['requested', 'accepted', 'in-progress', 'on-hold', 'in-progress', 'completed']);
    const onHold = history.entry.find((entry: { resource: { status: string } }) => entry.resource.status === 'on-hold').resource;
    expect(onHold.statusReason.text).toBe('Knee surgery on Dec 12; back in January.');
    expect((await kit.fhir(`Task/${taskId}`)).statusReason).toBeUndefined();
  });

  it('fails a referral in progress with a reason', async () => {
    const taskId = await referralThrough(['accept'], ['start'], ['fail', 'The client stopped attending after 3 sessions.']);
    expect(await kit.fhir(`Task/${taskId}`)).toMatchObject({ status: 'failed', statusReason: { text: 'The client stopped attending after 3 sessions.' } });
  });

  describe('refuses an action the current status does not allow, with 409 naming the status', () => {
    const cases: [string, [string, string?][], string, string?][] = [
      ['start a requested referral', [], 'start'],
      ['resume one in progress', [['accept'], ['start']], 'resume'],
      ['hold an accepted one (it is not in progress)', [['accept']], 'hold', 'Waiting'],
      ['accept it twice', [['accept']], 'accept'],
      ['decline an accepted one', [['accept']], 'decline', 'Changed our mind'],
      ['complete a requested one', [], 'complete'],
      ['fail a completed one (terminal)', [['accept'], ['complete']], 'fail', 'Too late'],
      ['accept a declined one (terminal)', [['decline', 'Full']], 'accept'],
    ];
    for (const [title, steps, action, reason] of cases) {
      it(title, async () => {
        const taskId = await referralThrough(...steps);
        const before = await kit.fhir(`Task/${taskId}`);
        const response = await act(taskId, action, reason ? { reason } : undefined);
        expect(response.status).toBe(409);
        expect(response.body).toMatchObject({ error: 'illegal_transition', currentStatus: before.status });
        expect(response.body.message).toContain(before.status);
        expect((await kit.fhir(`Task/${taskId}`)).meta.versionId).toBe(before.meta.versionId);
      });
    }
  });

  describe("the referrer's cancellation wins", () => {
    it('after the EHR cancels, every practice action is refused with 409 saying so, and nothing changes', async () => {
      const { taskId } = await newReferral();
      const accepted = await act(taskId, 'accept');
      expect(accepted.status).toBe(200);
      const current = await kit.fhir(`Task/${taskId}`);
      const cancel = await kit.ehr('PUT', `Task/${taskId}`, { ...current, status: 'cancelled', statusReason: { text: 'Patient moved away' } }, { 'if-match': `W/"${current.meta.versionId}"` });
      expect(cancel.status).toBe(200);
      for (const [action, body] of [['start'], ['decline', { reason: 'x' }], ['notes', { text: 'Called the client.' }]] as const) {
        const response = await act(taskId, action, body);
        expect(response.status).toBe(409);
        expect(response.body).toMatchObject({ error: 'referral_stopped', currentStatus: 'cancelled' });
        expect(response.body.message).toContain('cancelled this referral (Patient moved away)');
      }
      expect((await kit.fhir(`Task/${taskId}`)).meta.versionId).toBe(cancel.body.meta.versionId);
    });

    it('entered-in-error by the referrer stops practice actions too', async () => {
      const { taskId } = await newReferral();
      const current = await kit.fhir(`Task/${taskId}`);
      expect((await kit.ehr('PUT', `Task/${taskId}`, { ...current, status: 'entered-in-error' })).status).toBe(200);
      const response = await act(taskId, 'accept');
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ error: 'referral_stopped', currentStatus: 'entered-in-error' });
    });
  });

  describe('who may act', () => {
    it('a trainer of another practice gets 404, and the referral is unchanged', async () => {
      const { taskId } = await newReferral();
      const response = await act(taskId, 'accept', undefined, kit.otherPracticeHeaders);
      expect(response.status).toBe(404);
      expect((await kit.get(`/referrals/${taskId}`, kit.otherPracticeHeaders)).status).toBe(404);
      expect((await kit.fhir(`Task/${taskId}`)).status).toBe('requested');
    });

    it('the referring EHR cannot accept its own referral through the practice API (403)', async () => {
      const { taskId } = await newReferral();
      const response = await act(taskId, 'accept', undefined, { authorization: kit.ehrHeaders.authorization! });
      expect(response.status).toBe(403);
      expect((await kit.fhir(`Task/${taskId}`)).status).toBe('requested');
    });

    it('an unknown referral is 404', async () => {
      expect((await act(crypto.randomUUID(), 'accept')).status).toBe(404);
      expect((await act('not-a-uuid', 'accept')).status).toBe(404);
    });

    it('needs a bearer token', async () => {
      const { taskId } = await newReferral();
      const response = await kit.t.app.request(`/api/v1/referrals/${taskId}/accept`, { method: 'POST' });
      expect(response.status).toBe(401);
    });
  });
});

describe('interim progress: POST /api/v1/referrals/{id}/notes', () => {
  it('appends a note with the trainer as author and the time, and sets the business status the EHR reads', async () => {
    const taskId = await referralThrough(['accept'], ['start']);
    const response = await kit.post(`/referrals/${taskId}/notes`, { text: 'Intake assessment done: 6MWT 320 m.', businessStatus: '1 of 12 sessions attended' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'in-progress', businessStatus: '1 of 12 sessions attended' });
    const task = await kit.fhir(`Task/${taskId}`);
    expect(task.status).toBe('in-progress');
    expect(task.businessStatus).toEqual({ text: '1 of 12 sessions attended' });
    expect(task.note.at(-1)).toEqual({ authorReference: { reference: `Practitioner/${kit.practitionerId}` }, time: expect.any(String), text: 'Intake assessment done: 6MWT 320 m.' });
    const second = await kit.post(`/referrals/${taskId}/notes`, { businessStatus: '8 of 12 sessions attended' });
    expect(second.body.businessStatus).toBe('8 of 12 sessions attended');
    expect(second.body.notes).toHaveLength(1);
  });

  it('names every invalid field and changes nothing', async () => {
    const { taskId } = await newReferral();
    const empty = await kit.post(`/referrals/${taskId}/notes`, {});
    expect(empty.status).toBe(400);
    expect(fieldNames(empty.body)).toEqual(['text']);
    const wrong = await kit.post(`/referrals/${taskId}/notes`, { text: ' ', businessStatus: 'x'.repeat(201), author: 'me' });
    expect(fieldNames(wrong.body)).toEqual(['author', 'businessStatus', 'text']);
    expect((await kit.fhir(`Task/${taskId}`)).meta.versionId).toBe('1');
  });

  it('clears "needs triage" once the trainer sets a business status', async () => {
    const first = await kit.refer({ patient: referredPatient({ identifier: [{ system: MRN_SYSTEM, value: 'TRIAGE-1' }], name: [{ family: 'Triagenote', given: ['Ana'] }], birthDate: '1940-01-01' }) });
    const second = await kit.refer({ patient: referredPatient({ identifier: [{ system: MRN_SYSTEM, value: 'TRIAGE-1' }], name: [{ family: 'Triagenote', given: ['Ana'] }], birthDate: '1941-01-01' }) });
    expect(first.patientId).not.toBe(second.patientId);
    expect((await kit.get(`/referrals/${second.taskId}`)).body.needsTriage).toBe(true);
    const resolved = await kit.post(`/referrals/${second.taskId}/notes`, { text: 'Confirmed by phone: a different person.', businessStatus: 'client confirmed' });
    expect(resolved.body.needsTriage).toBe(false);
  });
});
