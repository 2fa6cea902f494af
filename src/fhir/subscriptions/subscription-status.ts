import type { Parameters, ParametersParameter } from '@medplum/fhirtypes';
import { SUBSCRIPTION_STATUS_PROFILE } from './backport-urls';

/** @see https://hl7.org/fhir/R4/valueset-subscription-status.html */
export type SubscriptionStatusCode = 'requested' | 'active' | 'error' | 'off';

/** @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/ValueSet-backport-notification-type.html */
export type NotificationType = 'handshake' | 'heartbeat' | 'event-notification' | 'query-status' | 'query-event';

/** One event as a notification reports it; `focus` only when the payload carries ids. */
export interface NotificationEvent {
  eventNumber: number;
  timestamp: Date;
  /** Absolute URL of the Task the event is about. */
  focus?: string;
}

export interface SubscriptionStatusInput {
  id: string;
  /** Absolute URL of the Subscription. */
  subscription: string;
  /** Omitted for `empty` payloads, where the IG says it SHOULD NOT be present. */
  topic?: string;
  status: SubscriptionStatusCode;
  type: NotificationType;
  eventsSinceSubscriptionStart: number;
  events?: readonly NotificationEvent[];
  /** Why the subscription is in error; reported as `error` CodeableConcepts. */
  error?: { system?: string; code?: string; text: string };
}

/**
 * The R4 form of a SubscriptionStatus: a `Parameters` with `subscription`, `topic`, `status`,
 * `type`, `events-since-subscription-start` (a string in R4), one `notification-event` per event
 * (`event-number` as a string, `timestamp`, `focus`) and `error`. Pure.
 * @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/StructureDefinition-backport-subscription-status-r4.html
 */
export function subscriptionStatusParameters(input: SubscriptionStatusInput): Parameters {
  const parameter: ParametersParameter[] = [
    { name: 'subscription', valueReference: { reference: input.subscription } },
    ...(input.topic ? [{ name: 'topic', valueCanonical: input.topic }] : []),
    { name: 'status', valueCode: input.status },
    { name: 'type', valueCode: input.type },
    { name: 'events-since-subscription-start', valueString: String(input.eventsSinceSubscriptionStart) },
    ...(input.events ?? []).map((event) => ({
      name: 'notification-event',
      part: [
        { name: 'event-number', valueString: String(event.eventNumber) },
        { name: 'timestamp', valueInstant: event.timestamp.toISOString() },
        ...(event.focus ? [{ name: 'focus', valueReference: { reference: event.focus } }] : []),
      ],
    })),
    ...(input.error
      ? [
          {
            name: 'error',
            valueCodeableConcept: {
              ...(input.error.code ? { coding: [{ system: input.error.system, code: input.error.code }] } : {}),
              text: input.error.text,
            },
          },
        ]
      : []),
  ];
  return { resourceType: 'Parameters', id: input.id, meta: { profile: [SUBSCRIPTION_STATUS_PROFILE] }, parameter };
}
