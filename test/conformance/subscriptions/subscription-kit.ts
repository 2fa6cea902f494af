import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { parseConfig } from '../../../src/config';
import type { NotificationRow } from '../../../src/db/subscriptions/notification-outbox';
import { subscriptionRuntime, type SubscriptionRuntime } from '../../../src/integrations/subscriptions/subscription-runtime';
import { runSubscriptionJobs } from '../../../src/jobs/subscription-jobs';
import { fixedClock } from '../../../src/lib/clock';
import { recordingLogger } from '../../../src/lib/logger';
import { createReferralTestKit, type ReferralTestKit } from '../../api/referrals/referral-test-kit';

export const TASK_TOPIC = 'http://hl7.org/fhir/us/sdoh-clinicalcare/SubscriptionTopic/Task';
const BACKPORT = 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition';
export const HOOK_BASE = 'https://ehr.example/hooks';

/** What the EHR's hook endpoint received, per hook name, and the statuses it answers with next. */
export interface HookEndpoint {
  received: Map<string, { body: any; headers: Headers }[]>;
  /** Per hook name: statuses to answer with, in order, before 200s. `always-500`: never accept. */
  answers: Map<string, (number | 'always-500')[]>;
  accepted(name: string): any[];
}

export function hookEndpoint(): HookEndpoint & { server: ReturnType<typeof setupServer> } {
  const received = new Map<string, { body: any; headers: Headers }[]>();
  const answers = new Map<string, (number | 'always-500')[]>();
  const accepted = new Map<string, any[]>();
  const server = setupServer(
    http.post(`${HOOK_BASE}/:name`, async ({ request, params }) => {
      const name = String(params.name);
      const body = await request.json();
      received.set(name, [...(received.get(name) ?? []), { body, headers: request.headers }]);
      const queue = answers.get(name) ?? [];
      const status = queue[0] === 'always-500' ? 500 : ((queue.shift() as number | undefined) ?? 200);
      if (status < 300) accepted.set(name, [...(accepted.get(name) ?? []), body]);
      return new HttpResponse(null, { status });
    }),
  );
  return { server, received, answers, accepted: (name) => accepted.get(name) ?? [] };
}

export interface SubscriptionOptions {
  hook: string;
  filter?: string;
  payload?: 'id-only' | 'empty';
  heartbeatSeconds?: number;
  header?: string[];
}

/** A Subscription in the backport's R4 form, as an EHR posts it. */
export function backportSubscription(options: SubscriptionOptions): Record<string, unknown> {
  return {
    resourceType: 'Subscription',
    meta: { profile: [`${BACKPORT}/backport-subscription`] },
    status: 'requested',
    reason: 'Follow the referrals this EHR sent',
    criteria: TASK_TOPIC,
    _criteria: { extension: [{ url: `${BACKPORT}/backport-filter-criteria`, valueString: options.filter }] },
    channel: {
      ...(options.heartbeatSeconds ? { extension: [{ url: `${BACKPORT}/backport-heartbeat-period`, valueUnsignedInt: options.heartbeatSeconds }] } : {}),
      type: 'rest-hook',
      endpoint: `${HOOK_BASE}/${options.hook}`,
      ...(options.header ? { header: options.header } : {}),
      payload: 'application/fhir+json',
      _payload: { extension: [{ url: `${BACKPORT}/backport-payload-content`, valueCode: options.payload ?? 'id-only' }] },
    },
  };
}

export interface SubscriptionKit extends ReferralTestKit {
  clock: ReturnType<typeof fixedClock>;
  /** Limited to the kit's practice; add another practice's id to dispatch its notifications too. */
  runtime: SubscriptionRuntime & { practiceIds: string[] };
  /** One run of the subscription jobs (heartbeats, then dispatch). */
  runJobs(): ReturnType<typeof runSubscriptionJobs>;
  /** POSTs a Subscription as the EHR and returns its id (throws unless 201). */
  subscribe(options: SubscriptionOptions, headers?: Record<string, string>): Promise<string>;
  notifications(subscriptionId: string): Promise<NotificationRow[]>;
  /** Moves the clock to the next attempt of the subscription's first queued notification. */
  untilNextAttempt(subscriptionId: string): Promise<void>;
}

export async function createSubscriptionKit(env: Record<string, string> = {}): Promise<SubscriptionKit> {
  const clock = fixedClock(new Date('2026-12-01T09:00:00Z'));
  const kit = await createReferralTestKit(clock);
  // Test files share one PostgreSQL database: each dispatches only its own practices' notifications.
  const runtime = { ...subscriptionRuntime({ config: parseConfig(env), clock, logger: recordingLogger() }), practiceIds: [kit.practiceId] };
  const notifications = (id: string) => kit.t.repositories.notifications.ofSubscription(id);
  return Object.assign(kit, {
    clock,
    runtime,
    runJobs: () => runSubscriptionJobs(kit.t.db, runtime),
    async subscribe(options: SubscriptionOptions, headers: Record<string, string> = {}) {
      const response = await kit.ehr('POST', 'Subscription', backportSubscription(options), headers);
      if (response.status !== 201) throw new Error(`subscription refused: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body.id as string;
    },
    notifications,
    async untilNextAttempt(subscriptionId: string) {
      const queued = (await notifications(subscriptionId)).find((row) => row.state === 'queued');
      if (!queued) throw new Error('nothing queued');
      clock.advance(Math.max(0, queued.nextAttemptAt.getTime() - clock.now().getTime()));
    },
  });
}

/** The SubscriptionStatus Parameters of a notification Bundle, as `{ name: value }` plus its events. */
export function statusOf(bundle: any): { values: Record<string, any>; events: { number: string; focus?: string; timestamp: string }[] } {
  const parameters = bundle.entry[0].resource.parameter as any[];
  const values: Record<string, any> = {};
  for (const parameter of parameters) {
    if (parameter.name === 'notification-event') continue;
    values[parameter.name] =
      parameter.valueString ?? parameter.valueCode ?? parameter.valueCanonical ?? parameter.valueReference?.reference ?? parameter.valueCodeableConcept;
  }
  const events = parameters
    .filter((parameter) => parameter.name === 'notification-event')
    .map((parameter) => {
      const part = (name: string) => parameter.part.find((p: any) => p.name === name);
      return { number: part('event-number').valueString, focus: part('focus')?.valueReference.reference, timestamp: part('timestamp').valueInstant };
    });
  return { values, events };
}
