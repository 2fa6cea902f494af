import type { Database } from '../db/database';
import { createRepositories } from '../db/repositories';
import { dispatchNotifications, type NotificationSummary } from '../integrations/subscriptions/notification-dispatcher';
import type { SubscriptionRuntime } from '../integrations/subscriptions/subscription-runtime';

export interface SubscriptionJobsSummary extends NotificationSummary {
  heartbeats: number;
}

/**
 * One run of the subscription jobs, as the Workers cron trigger and the Node interval start them:
 * queue the heartbeats that are due, then dispatch the due notifications in order. Safe to run
 * concurrently with another runner.
 * @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/StructureDefinition-backport-heartbeat-period.html
 */
export async function runSubscriptionJobs(db: Database, runtime: SubscriptionRuntime): Promise<SubscriptionJobsSummary> {
  const repositories = createRepositories(db, runtime.clock);
  const heartbeats = await repositories.notifications.queueHeartbeats(runtime.clock.now(), runtime.practiceIds);
  const dispatched = await dispatchNotifications(repositories, runtime);
  return { heartbeats, ...dispatched };
}
