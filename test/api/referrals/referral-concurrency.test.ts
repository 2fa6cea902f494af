import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testDatabaseKind } from '../../support/test-database';
import { createReferralTestKit, MRN_SYSTEM, referredPatient, type ReferralTestKit } from './referral-test-kit';

/**
 * The EHR writes the Task between the practice's read and its write. The interleaving is forced:
 * right after the practice API reads the Task, the EHR's update commits on another connection.
 * PGlite has a single connection (a write outside the open transaction would wait for it), so
 * these run on PostgreSQL only.
 */
const interleave = vi.hoisted(() => ({ once: undefined as undefined | ((taskId: string) => Promise<void>) }));

vi.mock('../../../src/api/referrals/referral-store', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/api/referrals/referral-store')>();
  return {
    ...original,
    async readReferral(...args: Parameters<typeof original.readReferral>) {
      const task = await original.readReferral(...args);
      const ehrWrite = interleave.once;
      interleave.once = undefined;
      if (ehrWrite) await ehrWrite(task.id);
      return task;
    },
  };
});

const onPostgres = testDatabaseKind === 'PostgreSQL';
if (!onPostgres) console.warn('SKIPPING forced EHR/practice interleavings: they need PostgreSQL (DATABASE_URL); PGlite has one connection.');

let kit: ReferralTestKit;
beforeAll(async () => {
  kit = await createReferralTestKit();
});
afterAll(() => kit.close());

let people = 0;
async function newReferral() {
  people += 1;
  return kit.refer({ patient: referredPatient({ identifier: [{ system: MRN_SYSTEM, value: `RACE-${people}` }], name: [{ family: `Racer${people}`, given: ['Ana'] }] }) });
}

/** The EHR's update of the Task, straight through the store on its own connection. */
function ehrWrites(change: (task: Record<string, any>) => Record<string, any>) {
  interleave.once = async (taskId) => {
    const store = kit.t.repositories.resourcesOf(kit.practiceId);
    const current = JSON.parse((await store.read('Task', taskId))!.json!);
    await store.update(change(current) as { resourceType: string; id: string });
  };
}

describe.skipIf(!onPostgres)('practice actions against the EHR’s concurrent updates (optimistic concurrency)', () => {
  it('re-reads once and applies the action on top of what the EHR wrote, losing nothing', async () => {
    const { taskId } = await newReferral();
    ehrWrites((task) => ({ ...task, note: [{ text: 'Patient prefers mornings.' }] }));
    const response = await kit.post(`/referrals/${taskId}/notes`, { text: 'Called the client.' });
    expect(response.status).toBe(200);
    const task = await kit.fhir(`Task/${taskId}`);
    expect(task.meta.versionId).toBe('3');
    expect(task.note.map((note: { text: string }) => note.text)).toEqual(['Patient prefers mornings.', 'Called the client.']);
  });

  it('when the EHR cancels meanwhile, the accept is refused with 409 and leaves no acknowledgement behind', async () => {
    const { taskId } = await newReferral();
    ehrWrites((task) => ({ ...task, status: 'cancelled', statusReason: { text: 'Referred elsewhere' } }));
    const response = await kit.t.app.request(`/api/v1/referrals/${taskId}/accept`, { method: 'POST', headers: kit.headers });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: 'referral_stopped', currentStatus: 'cancelled' });
    const task = await kit.fhir(`Task/${taskId}`);
    expect(task).toMatchObject({ status: 'cancelled', meta: { versionId: '2' } });
    expect(task.output).toBeUndefined();
    expect(await kit.fhirSearch(`DocumentReference?related=Task/${taskId}`)).toEqual([]);
  });
});
