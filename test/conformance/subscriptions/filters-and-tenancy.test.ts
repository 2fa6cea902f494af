import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPractice } from '../../support/practices';
import { systemPrincipal } from '../../support/test-app';
import { backportSubscription, createSubscriptionKit, hookEndpoint, statusOf, type SubscriptionKit } from './subscription-kit';

const hooks = hookEndpoint();
let kit: SubscriptionKit;
let otherEhr: Record<string, string>;
beforeAll(async () => {
  hooks.server.listen({ onUnhandledRequest: 'bypass' });
  kit = await createSubscriptionKit();
  const otherPracticeId = await createTestPractice(kit.t.repositories, 'Other Practice');
  otherEhr = { ...kit.t.authorize(systemPrincipal(otherPracticeId, 'ehr-elsewhere')), 'content-type': 'application/fhir+json' };
  kit.runtime.practiceIds.push(otherPracticeId);
}, 300_000);
afterAll(async () => {
  hooks.server.close();
  await kit.close();
});

const hookName = () => `hook-${crypto.randomUUID()}`;
const notifiedTasks = (hook: string) =>
  hooks
    .accepted(hook)
    .slice(1)
    .map((bundle) => statusOf(bundle).events[0]!.focus);

describe('which Task changes a subscription hears of', () => {
  it('a requester filter hears of Tasks its practitioner requested; an owner filter for someone else hears nothing', async () => {
    const first = await kit.refer();
    const byRequester = hookName();
    const byOtherOwner = hookName();
    await kit.subscribe({ hook: byRequester, filter: `Task?requester=Practitioner/${first.practitionerId}` });
    await kit.subscribe({ hook: byOtherOwner, filter: `Task?owner=Organization/${crypto.randomUUID()}` });

    const task = (await kit.ehr('GET', `Task/${first.taskId}`)).body;
    const updated = await kit.ehr('PUT', `Task/${first.taskId}`, { ...task, businessStatus: { text: 'intake scheduled' } }, { 'if-match': `W/"${task.meta.versionId}"` });
    expect(updated.status).toBe(200);
    await kit.runJobs();

    expect(notifiedTasks(byRequester)).toEqual([`http://localhost:8787/fhir/Task/${first.taskId}`]);
    expect(hooks.accepted(byOtherOwner)).toHaveLength(1); // the handshake only
  });

  it('an owner filter hears of Tasks owned by the practice, created through a transaction or updated by the practice API', async () => {
    const hook = hookName();
    const id = await kit.subscribe({ hook, filter: `Task?owner=Organization/${kit.organizationId}` });
    const { taskId } = await kit.refer({ patient: { resourceType: 'Patient', name: [{ family: 'Okoro', given: ['Ben'] }], birthDate: '1950-02-02' } });
    const declined = await kit.post(`/referrals/${taskId}/decline`, { reason: 'Outside our scope of practice' });
    expect(declined.status).toBe(200);
    await kit.runJobs();
    expect(notifiedTasks(hook)).toEqual([`http://localhost:8787/fhir/Task/${taskId}`, `http://localhost:8787/fhir/Task/${taskId}`]);
    expect(statusOf((await kit.ehr('GET', `Subscription/${id}/$status`)).body).values['events-since-subscription-start']).toBe('2');
  });
});

describe('tenancy', () => {
  it("another practice's subscription never hears of this practice's Tasks, even with a filter naming its Organization", async () => {
    const hook = hookName();
    const created = await kit.ehr('POST', 'Subscription', backportSubscription({ hook, filter: `Task?owner=Organization/${kit.organizationId}` }), otherEhr);
    expect(created.status).toBe(201);
    await kit.refer();
    await kit.runJobs();
    expect(hooks.accepted(hook)).toHaveLength(1); // the handshake only
    const status = await kit.t.app.request(`/fhir/Subscription/${created.body.id}/$status`, { headers: otherEhr });
    expect(statusOf(await status.json()).values['events-since-subscription-start']).toBe('0');
  });

  it("a practice cannot read, search, $status or $events another practice's subscription", async () => {
    const id = await kit.subscribe({ hook: hookName(), filter: `Task?owner=Organization/${kit.organizationId}` });
    for (const path of [`Subscription/${id}`, `Subscription/${id}/$status`, `Subscription/${id}/$events`]) {
      const response = await kit.t.app.request(`/fhir/${path}`, { headers: otherEhr });
      expect(response.status, path).toBe(404);
    }
    const search = await (await kit.t.app.request(`/fhir/Subscription?_id=${id}`, { headers: otherEhr })).json();
    expect(search.entry ?? []).toEqual([]);
    const own = await kit.ehr('GET', `Subscription?_id=${id}`);
    expect(own.body.entry).toHaveLength(1);
  });

  it('scopes apply: creating needs Subscription create, $status needs Subscription read', async () => {
    const taskOnly = { ...kit.t.authorize({ ...systemPrincipal(kit.practiceId, 'task-reader'), scopes: ['system/Task.rs'] }), 'content-type': 'application/fhir+json' };
    const refused = await kit.t.app.request('/fhir/Subscription', {
      method: 'POST',
      headers: taskOnly,
      body: JSON.stringify(backportSubscription({ hook: hookName(), filter: `Task?owner=Organization/${kit.organizationId}` })),
    });
    expect(refused.status).toBe(403);
    const id = await kit.subscribe({ hook: hookName(), filter: `Task?owner=Organization/${kit.organizationId}` });
    expect((await kit.t.app.request(`/fhir/Subscription/${id}/$status`, { headers: taskOnly })).status).toBe(403);
  });
});
