import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Repositories } from '../../../src/db/repositories';
import { fixedClock } from '../../../src/lib/clock';
import { backportSubscription } from '../../conformance/subscriptions/subscription-kit';
import { createTestPractice } from '../../support/practices';
import { createTestApp, type TestApp } from '../../support/test-app';

const clock = fixedClock(new Date('2026-12-02T10:00:00Z'));
let t: TestApp;
let repositories: Repositories;
let practiceId: string;
const owner = `Organization/${crypto.randomUUID()}`;
beforeAll(async () => {
  t = await createTestApp(undefined, clock);
  repositories = t.repositories;
}, 300_000);
beforeEach(async () => {
  // A practice per test: leases here see only that test's notifications.
  practiceId = await createTestPractice(repositories, 'Outbox Practice');
});
afterAll(() => t.close());

async function activeSubscription(): Promise<string> {
  const { resource } = await repositories.resourcesOf(practiceId).create(backportSubscription({ hook: 'db', filter: `Task?owner=${owner}` }) as never);
  const [handshake] = await repositories.notifications.leaseHeads(clock.now(), new Date(clock.now().getTime() + 60_000), 100, [practiceId]);
  expect(handshake).toMatchObject({ subscriptionId: resource.id, kind: 'handshake', attempts: 1 });
  await repositories.notifications.markSent(handshake!, clock.now());
  await repositories.notifications.activate(resource.id);
  return resource.id;
}
const task = () => ({ resourceType: 'Task', status: 'requested', intent: 'order', owner: { reference: owner } });

describe('the subscription event log and notification outbox', () => {
  it('numbers concurrent Task writes without gaps and queues their notifications in event order', async () => {
    const id = await activeSubscription();
    await Promise.all(Array.from({ length: 12 }, () => repositories.resourcesOf(practiceId).create(task())));
    const events = await repositories.resourcesOf(practiceId).subscriptionLog().events(id, 1, 100, 100);
    expect(events.map((event) => event.eventNumber)).toEqual(Array.from({ length: 12 }, (_, index) => index + 1));
    const queued = (await repositories.notifications.ofSubscription(id)).filter((row) => row.kind === 'event-notification');
    expect(queued.map((row) => row.eventNumber)).toEqual(events.map((event) => event.eventNumber));
  });

  it('leases one notification per subscription, the oldest, and never a later one while an earlier one waits', async () => {
    const id = await activeSubscription();
    for (let i = 0; i < 3; i++) await repositories.resourcesOf(practiceId).create(task());
    const leaseUntil = new Date(clock.now().getTime() + 60_000);
    const [first, second] = await Promise.all([
      repositories.notifications.leaseHeads(clock.now(), leaseUntil, 100, [practiceId]),
      repositories.notifications.leaseHeads(clock.now(), leaseUntil, 100, [practiceId]),
    ]);
    const mine = [...first, ...second].filter((row) => row.subscriptionId === id);
    expect(mine.map((row) => row.eventNumber)).toEqual([1]);

    // Event 1 fails and waits an hour: events 2 and 3 are due but must wait behind it.
    await repositories.notifications.reschedule(mine[0]!.id, new Date(clock.now().getTime() + 3_600_000), 'endpoint answered 500');
    clock.advance(120_000);
    const meanwhile = await repositories.notifications.leaseHeads(clock.now(), new Date(clock.now().getTime() + 60_000), 100, [practiceId]);
    expect(meanwhile.filter((row) => row.subscriptionId === id)).toEqual([]);

    clock.advance(3_600_000);
    const [retried] = (await repositories.notifications.leaseHeads(clock.now(), new Date(clock.now().getTime() + 60_000), 100, [practiceId])).filter(
      (row) => row.subscriptionId === id,
    );
    expect(retried).toMatchObject({ eventNumber: 1, attempts: 2 });
    await repositories.notifications.markSent(retried!, clock.now());
    const [next] = (await repositories.notifications.leaseHeads(clock.now(), new Date(clock.now().getTime() + 60_000), 100, [practiceId])).filter(
      (row) => row.subscriptionId === id,
    );
    expect(next).toMatchObject({ eventNumber: 2, attempts: 1 });
  });

  it('in error, abandons what was queued but keeps recording events', async () => {
    const id = await activeSubscription();
    await repositories.resourcesOf(practiceId).create(task());
    expect(await repositories.notifications.enterError(id, 'event-notification 1 failed')).toBe(true);
    await repositories.resourcesOf(practiceId).create(task());
    const rows = await repositories.notifications.ofSubscription(id);
    expect(rows.filter((row) => row.state === 'queued')).toEqual([]);
    expect(rows.filter((row) => row.kind === 'event-notification').map((row) => row.state)).toEqual(['abandoned']);
    expect((await repositories.resourcesOf(practiceId).subscriptionLog().find(id))!.eventCount).toBe(2);
  });
});
