import type { Repositories } from '../../db/repositories';
import type { SubscriptionRow } from '../../db/subscriptions/subscription-log';

/**
 * Writes the subscription's new status (and, in `error`, why) as a new version of its
 * Subscription resource, in the caller's transaction, so a client reading the Subscription sees
 * what the dispatcher decided.
 * @see https://hl7.org/fhir/R4/subscription-definitions.html#Subscription.status
 * @see https://hl7.org/fhir/R4/subscription-definitions.html#Subscription.error
 */
export async function mirrorSubscriptionStatus(
  tx: Repositories,
  subscription: SubscriptionRow,
  status: 'active' | 'error',
  error?: string,
): Promise<void> {
  const store = tx.resourcesOf(subscription.practiceId);
  const current = await store.read('Subscription', subscription.id, 'update');
  if (!current?.json) return;
  const { meta: _meta, error: _previousError, ...resource } = JSON.parse(current.json) as Record<string, unknown> & { resourceType: string; id: string };
  const next = { ...resource, status, ...(error ? { error } : {}) };
  await store.update(next);
}
