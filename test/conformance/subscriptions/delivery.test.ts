import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backportSubscription, createSubscriptionKit, hookEndpoint, statusOf, TASK_TOPIC, type SubscriptionKit } from './subscription-kit';

const hooks = hookEndpoint();
let kit: SubscriptionKit;
beforeAll(async () => {
  hooks.server.listen({ onUnhandledRequest: 'bypass' });
  kit = await createSubscriptionKit({ SUBSCRIPTION_MAX_ATTEMPTS: '3' });
}, 300_000);
afterAll(async () => {
  hooks.server.close();
  await kit.close();
});

const hookName = () => `hook-${crypto.randomUUID()}`;
const eventNumbers = (bundles: any[]) => bundles.flatMap((bundle) => statusOf(bundle).events.map((event) => Number(event.number)));
async function trainer(action: string, taskId: string, body: unknown = {}) {
  const response = await kit.post(`/referrals/${taskId}/${action}`, body);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}

describe('a rest-hook subscription to the Task topic', () => {
  it('is created requested, sends its handshake, and becomes active', async () => {
    const hook = hookName();
    const created = await kit.ehr('POST', 'Subscription', backportSubscription({ hook, filter: `Task?owner=Organization/${kit.organizationId}`, header: ['Authorization: Bearer ehr-secret'] }));
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('requested');
    const id = created.body.id as string;

    await kit.runJobs();
    const [handshake] = hooks.accepted(hook);
    expect(handshake.resourceType).toBe('Bundle');
    expect(handshake.type).toBe('history');
    const status = statusOf(handshake);
    expect(status.values).toMatchObject({
      subscription: `http://localhost:8787/fhir/Subscription/${id}`,
      topic: TASK_TOPIC,
      status: 'requested',
      type: 'handshake',
      'events-since-subscription-start': '0',
    });
    expect(handshake.entry[0].request).toEqual({ method: 'GET', url: `http://localhost:8787/fhir/Subscription/${id}/$status` });
    const delivered = hooks.received.get(hook)![0]!;
    expect(delivered.headers.get('content-type')).toBe('application/fhir+json');
    expect(delivered.headers.get('authorization')).toBe('Bearer ehr-secret');

    const read = await kit.ehr('GET', `Subscription/${id}`);
    expect(read.body.status).toBe('active');
  });

  it('notifies every change of a matching Task, in event-number order, with the Task as focus', async () => {
    const hook = hookName();
    const id = await kit.subscribe({ hook, filter: `Task?owner=Organization/${kit.organizationId}` });
    await kit.runJobs();
    const { taskId } = await kit.refer();
    await trainer('accept', taskId);
    await trainer('start', taskId);
    await kit.runJobs();

    const notifications = hooks.accepted(hook).slice(1);
    const numbers = eventNumbers(notifications);
    expect(numbers.length).toBeGreaterThanOrEqual(3);
    expect(numbers).toEqual(numbers.map((_, index) => index + 1));
    for (const notification of notifications) {
      const status = statusOf(notification);
      expect(status.values).toMatchObject({ type: 'event-notification', status: 'active', topic: TASK_TOPIC });
      expect(status.events[0]!.focus).toBe(`http://localhost:8787/fhir/Task/${taskId}`);
      expect(notification.entry[1].fullUrl).toBe(`http://localhost:8787/fhir/Task/${taskId}`);
      expect(notification.entry[1].resource).toBeUndefined();
    }
    expect(notifications[0].entry[1]).toMatchObject({ request: { method: 'POST', url: 'Task' }, response: { status: '201' } });
    expect(notifications.at(-1).entry[1]).toMatchObject({ request: { method: 'PUT', url: `Task/${taskId}` }, response: { status: '200' } });
    expect(statusOf(notifications.at(-1)).values['events-since-subscription-start']).toBe(String(numbers.length));

    const status = await kit.ehr('GET', `Subscription/${id}/$status`);
    expect(status.status).toBe(200);
    expect(status.body.type).toBe('searchset');
    expect(statusOf(status.body).values).toMatchObject({ status: 'active', type: 'query-status', 'events-since-subscription-start': String(numbers.length) });
  });

  it('retries after 500s and then delivers each event once, in order', async () => {
    const hook = hookName();
    const id = await kit.subscribe({ hook, filter: `Task?owner=Organization/${kit.organizationId}` });
    await kit.runJobs();
    hooks.answers.set(hook, [500, 503]);
    const { taskId } = await kit.refer();
    await trainer('accept', taskId);

    expect((await kit.runJobs()).retrying).toBe(1);
    expect(hooks.received.get(hook)!.length).toBe(2);
    await kit.runJobs();
    expect(hooks.received.get(hook)!.length).toBe(2);

    await kit.untilNextAttempt(id);
    expect((await kit.runJobs()).retrying).toBe(1);
    await kit.untilNextAttempt(id);
    const summary = await kit.runJobs();
    expect(summary.sent).toBeGreaterThanOrEqual(2);

    const attemptedNumbers = eventNumbers(hooks.received.get(hook)!.slice(1).map((attempt) => attempt.body));
    expect(attemptedNumbers.slice(0, 3)).toEqual([1, 1, 1]);
    const accepted = eventNumbers(hooks.accepted(hook).slice(1));
    expect(accepted).toEqual(accepted.map((_, index) => index + 1));
    const rows = await kit.notifications(id);
    expect(rows.every((row) => row.state === 'sent')).toBe(true);
    expect(rows.find((row) => row.eventNumber === 1)!.attempts).toBe(3);
  });

  it('goes to error when its endpoint keeps failing, keeps counting, and $events returns what was missed', async () => {
    const hook = hookName();
    const id = await kit.subscribe({ hook, filter: `Task?owner=Organization/${kit.organizationId}` });
    await kit.runJobs();
    hooks.answers.set(hook, ['always-500']);
    const { taskId } = await kit.refer();
    await kit.runJobs();
    await kit.untilNextAttempt(id);
    await kit.runJobs();
    await kit.untilNextAttempt(id);
    expect((await kit.runJobs()).errored).toBe(1);

    const read = await kit.ehr('GET', `Subscription/${id}`);
    expect(read.body.status).toBe('error');
    expect(read.body.error).toMatch(/failed 3 time\(s\).*endpoint answered 500/);
    expect((await kit.notifications(id)).filter((row) => row.state === 'queued')).toEqual([]);

    await trainer('accept', taskId);
    const before = hooks.received.get(hook)!.length;
    await kit.runJobs();
    expect(hooks.received.get(hook)!.length).toBe(before);

    const status = statusOf((await kit.ehr('GET', `Subscription/${id}/$status`)).body);
    expect(status.values.status).toBe('error');
    expect(status.values.error.text).toMatch(/endpoint answered 500/);
    const total = Number(status.values['events-since-subscription-start']);
    expect(total).toBeGreaterThanOrEqual(2);

    const missed = await kit.ehr('GET', `Subscription/${id}/$events?eventsSinceNumber=1&eventsUntilNumber=${total}`);
    expect(missed.status).toBe(200);
    expect(missed.body.type).toBe('history');
    const events = statusOf(missed.body);
    expect(events.values.type).toBe('query-event');
    expect(events.events.map((event) => Number(event.number))).toEqual(Array.from({ length: total }, (_, index) => index + 1));
    expect(events.events.every((event) => event.focus === `http://localhost:8787/fhir/Task/${taskId}`)).toBe(true);
    expect(missed.body.entry.length).toBe(total + 1);

    const window = statusOf((await kit.ehr('GET', `Subscription/${id}/$events?eventsSinceNumber=2&eventsUntilNumber=2&content=empty`)).body);
    expect(window.events).toEqual([{ number: '2', timestamp: expect.any(String) }]);
  });

  it('after error, an update to requested brings it back with a new handshake; an update to off stops it', async () => {
    const hook = hookName();
    hooks.answers.set(hook, [404]);
    const id = await kit.subscribe({ hook, filter: `Task?owner=Organization/${kit.organizationId}` });
    await kit.runJobs();
    const { taskId } = await kit.refer();
    const errored = await kit.ehr('GET', `Subscription/${id}`);
    expect(errored.body.status).toBe('error');
    const missedUntil = Number(statusOf((await kit.ehr('GET', `Subscription/${id}/$status`)).body).values['events-since-subscription-start']);
    expect(missedUntil).toBeGreaterThanOrEqual(1);

    const { error: _error, meta: _meta, ...resource } = errored.body;
    const again = await kit.ehr('PUT', `Subscription/${id}`, { ...resource, status: 'requested' });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    await kit.runJobs();
    expect(statusOf(hooks.accepted(hook).at(-1)).values).toMatchObject({ type: 'handshake', 'events-since-subscription-start': String(missedUntil) });
    expect((await kit.ehr('GET', `Subscription/${id}`)).body.status).toBe('active');

    await trainer('accept', taskId);
    await kit.runJobs();
    const after = eventNumbers(hooks.accepted(hook).slice(-1));
    expect(after[0]).toBe(missedUntil + 1);
    const missed = statusOf((await kit.ehr('GET', `Subscription/${id}/$events?eventsUntilNumber=${missedUntil}`)).body);
    expect(missed.events.map((event) => Number(event.number))).toEqual(Array.from({ length: missedUntil }, (_, index) => index + 1));

    const active = (await kit.ehr('GET', `Subscription/${id}`)).body;
    expect((await kit.ehr('PUT', `Subscription/${id}`, { ...active, status: 'active' })).status).toBe(422);
    expect((await kit.ehr('PUT', `Subscription/${id}`, { ...active, status: 'off' })).status).toBe(200);
    await trainer('start', taskId);
    const received = hooks.received.get(hook)!.length;
    await kit.runJobs();
    expect(hooks.received.get(hook)!.length).toBe(received);
    expect(statusOf((await kit.ehr('GET', `Subscription/${id}/$status`)).body).values).toMatchObject({ status: 'off', 'events-since-subscription-start': String(missedUntil + 1) });
  });

  it('goes to error at once when the endpoint refuses the handshake', async () => {
    const hook = hookName();
    hooks.answers.set(hook, [404]);
    const id = await kit.subscribe({ hook, filter: `Task?owner=Organization/${kit.organizationId}` });
    expect((await kit.runJobs()).errored).toBe(1);
    const read = await kit.ehr('GET', `Subscription/${id}`);
    expect(read.body.status).toBe('error');
    expect(read.body.error).toMatch(/handshake failed 1 time\(s\).*404/);
  });

  it('sends heartbeats at the requested period while nothing else is sent', async () => {
    const hook = hookName();
    await kit.subscribe({ hook, filter: `Task?owner=Organization/${crypto.randomUUID()}`, heartbeatSeconds: 120 });
    await kit.runJobs();
    kit.clock.advance(60_000);
    expect((await kit.runJobs()).heartbeats).toBe(0);
    kit.clock.advance(61_000);
    await kit.runJobs();
    const heartbeat = hooks.accepted(hook)[1];
    expect(statusOf(heartbeat).values).toMatchObject({ type: 'heartbeat', status: 'active', 'events-since-subscription-start': '0' });
    expect(statusOf(heartbeat).events).toEqual([]);
  });

  it('with an empty payload, carries neither the topic nor the focus', async () => {
    const hook = hookName();
    await kit.subscribe({ hook, filter: `Task?owner=Organization/${kit.organizationId}`, payload: 'empty' });
    await kit.refer();
    await kit.runJobs();
    const [, notification] = hooks.accepted(hook);
    expect(notification.entry).toHaveLength(1);
    const status = statusOf(notification);
    expect(status.values.topic).toBeUndefined();
    expect(status.events[0]).toEqual({ number: '1', timestamp: expect.any(String) });
  });
});
