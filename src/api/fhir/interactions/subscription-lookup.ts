import type { SubscriptionRow } from '../../../db/subscriptions/subscription-log';
import { gone, notFound } from '../../../fhir/outcome';
import { SUBSCRIPTION_ERROR_SYSTEM } from '../../../fhir/subscriptions/backport-urls';
import type { SubscriptionStatusInput } from '../../../fhir/subscriptions/subscription-status';
import type { FhirContext } from '../fhir-request';

/**
 * The caller's Subscription `id` with its operational state: 404 unless it is a Subscription of
 * the caller's practice that its token may read (another practice's does not exist here).
 * @see https://hl7.org/fhir/R4/http.html#read
 */
export async function readableSubscription(context: FhirContext, id: string): Promise<SubscriptionRow> {
  const stored = await context.store.read('Subscription', id);
  if (!stored) throw notFound(`Subscription/${id} is not known.`);
  if (stored.deleted) throw gone(`Subscription/${id} was deleted.`);
  const row = await context.store.subscriptionLog().find(id);
  if (!row) throw notFound(`Subscription/${id} is not a topic-based subscription of this server.`);
  return row;
}

/** Why a subscription is in error, as the status `error` parameter reports it. */
export function errorOf(row: SubscriptionRow): SubscriptionStatusInput['error'] {
  if (row.status !== 'error' || !row.error) return undefined;
  return /no answer|network/.test(row.error)
    ? { system: SUBSCRIPTION_ERROR_SYSTEM, code: 'no-response', text: row.error }
    : { text: row.error };
}
