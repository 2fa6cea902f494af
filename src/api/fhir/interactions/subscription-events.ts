import { badRequest } from '../../../fhir/outcome';
import { TASK_TOPIC } from '../../../fhir/subscriptions/backport-urls';
import { notificationBundle } from '../../../fhir/subscriptions/notification-bundle';
import { newId } from '../../../lib/ids';
import type { FhirRequest, Interaction } from '../fhir-request';
import { FHIR_JSON } from '../http-semantics';
import { errorOf, readableSubscription } from './subscription-lookup';

/** Events one call returns at most; a client asks again from the next number. */
export const MAX_EVENTS_PER_CALL = 500;

/**
 * `GET [base]/Subscription/[id]/$events?eventsSinceNumber=&eventsUntilNumber=&content=`: the
 * recorded events in the range (inclusive, default from 1 to the latest), delivered or not, as a
 * `history` notification Bundle whose status is of type `query-event`, with one
 * `notification-event` per event and, for `id-only`, one entry per Task version. This is how a
 * client recovers what a failing endpoint missed. `content` is a hint: `empty` and `id-only` are
 * honoured, `full-resource` gets `id-only` (the client reads the Tasks with its own scopes).
 * @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/OperationDefinition-backport-subscription-events.html
 */
export const subscriptionEvents: Interaction = async (context, request) => {
  const id = request.id!;
  const row = await readableSubscription(context, id);
  const since = eventNumberParameter(request, 'eventsSinceNumber') ?? 1;
  const until = Math.min(eventNumberParameter(request, 'eventsUntilNumber') ?? row.eventCount, row.eventCount);
  const content = contentParameter(request) ?? row.payload;
  const events = since > until ? [] : await context.store.subscriptionLog().events(id, since, until, MAX_EVENTS_PER_CALL);
  const withFocus = content === 'id-only';
  const focusUrl = (focusType: string, focusId: string) => `${context.baseUrl}/${focusType}/${focusId}`;
  const error = errorOf(row);
  const bundle = notificationBundle({
    bundleId: newId(),
    statusId: newId(),
    baseUrl: context.baseUrl,
    subscriptionId: id,
    timestamp: context.clock.now(),
    status: {
      ...(withFocus ? { topic: TASK_TOPIC } : {}),
      status: row.status,
      type: 'query-event',
      eventsSinceSubscriptionStart: row.eventCount,
      events: events.map((event) => ({
        eventNumber: event.eventNumber,
        timestamp: event.occurredAt,
        ...(withFocus ? { focus: focusUrl(event.focusType, event.focusId) } : {}),
      })),
      ...(error ? { error } : {}),
    },
    foci: withFocus ? events.map((event) => ({ resourceType: event.focusType, id: event.focusId, versionId: event.focusVersion })) : [],
  });
  context.audit.accessed({ interaction: 'operation', resourceType: 'Subscription', id, query: request.query, path: `Subscription/${id}/$events` });
  return { status: 200, headers: { 'Content-Type': FHIR_JSON }, body: JSON.stringify(bundle) };
};

function eventNumberParameter(request: FhirRequest, name: string): number | undefined {
  const values = request.query.filter(([key]) => key === name).map(([, value]) => value);
  if (!values.length) return undefined;
  const value = values[0]!;
  if (values.length > 1 || !/^[1-9][0-9]{0,9}$/.test(value)) {
    throw badRequest(`${name} must be one event number (a positive integer), got "${values.join(',')}".`, name);
  }
  return Number(value);
}

function contentParameter(request: FhirRequest): 'empty' | 'id-only' | undefined {
  const value = request.query.find(([key]) => key === 'content')?.[1];
  if (value === undefined) return undefined;
  if (value === 'empty' || value === 'id-only') return value;
  if (value === 'full-resource') return 'id-only';
  throw badRequest(`content must be empty, id-only or full-resource, got "${value}".`, 'content');
}
