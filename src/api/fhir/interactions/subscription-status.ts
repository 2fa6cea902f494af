import { TASK_TOPIC } from '../../../fhir/subscriptions/backport-urls';
import { subscriptionStatusParameters } from '../../../fhir/subscriptions/subscription-status';
import { newId } from '../../../lib/ids';
import type { Interaction } from '../fhir-request';
import { FHIR_JSON } from '../http-semantics';
import { errorOf, readableSubscription } from './subscription-lookup';

/**
 * `GET [base]/Subscription/[id]/$status`: a searchset Bundle holding the subscription's status
 * (`query-status`): its status, the events recorded since it started and, in `error`, why. The
 * count includes events that were not delivered; `$events` returns them.
 * @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/OperationDefinition-backport-subscription-status.html
 * @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/StructureDefinition-backport-subscription-status-r4.html
 */
export const subscriptionStatus: Interaction = async (context, request) => {
  const id = request.id!;
  const row = await readableSubscription(context, id);
  const statusId = newId();
  const error = errorOf(row);
  const parameters = subscriptionStatusParameters({
    id: statusId,
    subscription: `${context.baseUrl}/Subscription/${id}`,
    topic: TASK_TOPIC,
    status: row.status,
    type: 'query-status',
    eventsSinceSubscriptionStart: row.eventCount,
    ...(error ? { error } : {}),
  });
  context.audit.accessed({ interaction: 'operation', resourceType: 'Subscription', id, query: request.query, path: `Subscription/${id}/$status` });
  const bundle = {
    resourceType: 'Bundle',
    type: 'searchset',
    total: 1,
    link: [{ relation: 'self', url: `${context.baseUrl}/Subscription/${id}/$status` }],
    entry: [{ fullUrl: `urn:uuid:${statusId}`, resource: parameters, search: { mode: 'match' } }],
  };
  return { status: 200, headers: { 'Content-Type': FHIR_JSON }, body: JSON.stringify(bundle) };
};
