import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import { NOTIFICATION_BUNDLE_PROFILE } from './backport-urls';
import { subscriptionStatusParameters, type SubscriptionStatusInput } from './subscription-status';

/** A Task version an id-only notification points at. */
export interface NotifiedFocus {
  resourceType: string;
  id: string;
  /** 1: the event created it (POST); later versions are updates (PUT). */
  versionId: number;
}

export interface NotificationBundleInput {
  /** Bundle id and, as `urn:uuid:`, the status entry's fullUrl and Parameters id. */
  bundleId: string;
  statusId: string;
  /** `PUBLIC_URL + "/fhir"`. */
  baseUrl: string;
  subscriptionId: string;
  timestamp: Date;
  status: Omit<SubscriptionStatusInput, 'id' | 'subscription'>;
  /** One per notified event, for `id-only` payloads; empty for `empty` payloads and non-events. */
  foci: readonly NotifiedFocus[];
}

/**
 * A notification Bundle for R4: `type` `history`, the SubscriptionStatus `Parameters` first, its
 * `request` filled as a GET of the subscription's `$status` with response 200 (history bundles
 * need a request on every entry, bdl-3/bdl-4), then for `id-only` payloads one entry per focus with
 * its `fullUrl` and the request that changed it (POST for a create, PUT for an update) but no
 * resource. Used for handshakes, heartbeats, event notifications and `$events`. Pure.
 * @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/StructureDefinition-backport-subscription-notification-r4.html
 * @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/Bundle-r4-notification-id-only.html
 * @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/Bundle-r4-notification-empty.html
 * @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/Bundle-r4-notification-handshake.html
 */
export function notificationBundle(input: NotificationBundleInput): Bundle {
  const subscriptionUrl = `${input.baseUrl}/Subscription/${input.subscriptionId}`;
  const status = subscriptionStatusParameters({ ...input.status, id: input.statusId, subscription: subscriptionUrl });
  const foci: BundleEntry[] = input.foci.map((focus) => ({
    fullUrl: `${input.baseUrl}/${focus.resourceType}/${focus.id}`,
    request: focus.versionId === 1 ? { method: 'POST', url: focus.resourceType } : { method: 'PUT', url: `${focus.resourceType}/${focus.id}` },
    response: { status: focus.versionId === 1 ? '201' : '200' },
  }));
  return {
    resourceType: 'Bundle',
    id: input.bundleId,
    meta: { profile: [NOTIFICATION_BUNDLE_PROFILE] },
    type: 'history',
    timestamp: input.timestamp.toISOString(),
    entry: [
      {
        fullUrl: `urn:uuid:${input.statusId}`,
        resource: status,
        request: { method: 'GET', url: `${subscriptionUrl}/$status` },
        response: { status: '200' },
      },
      ...foci,
    ],
  };
}
