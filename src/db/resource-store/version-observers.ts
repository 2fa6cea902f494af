import { readBackportSubscription } from '../../fhir/subscriptions/backport-subscription';
import { asObject, asString, type JsonObject } from '../../fhir/validation/json-values';
import type { Database } from '../database';
import { SubscriptionLog } from '../subscriptions/subscription-log';
import type { StoredResource } from './types';

/**
 * Work that must commit with a resource version, by resource type: the store calls it inside the
 * transaction that writes the version (create or update, by any path: FHIR REST, transactions,
 * the practice API, referral and Direct intake), so it cannot be skipped or half-done.
 */
export type VersionObserver = (db: Database, practiceId: string, resource: JsonObject, stored: StoredResource) => Promise<void>;

/**
 * Every Task version is an event of the SDOH Task topic for the practice's matching subscriptions.
 * @see https://hl7.org/fhir/us/sdoh-clinicalcare/checking_task_status.html (Task topic: create, update)
 */
const recordTaskEvents: VersionObserver = async (db, practiceId, resource, stored) => {
  await new SubscriptionLog(db, practiceId).recordTaskVersion({
    id: stored.id,
    versionId: stored.versionId,
    lastUpdated: stored.lastUpdated,
    owner: asString(asObject(resource.owner)?.reference),
    requester: asString(asObject(resource.requester)?.reference),
  });
};

/**
 * A created Subscription gets its operational row and queued handshake. A later version is either
 * a client's update — `requested` again (its channel and filter taken anew, a new handshake) or
 * `off` — or the server's own `active`/`error`, which needs nothing more. Writes were validated.
 * @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/components.html#subscription-status
 */
const registerSubscription: VersionObserver = async (db, practiceId, resource, stored) => {
  const log = new SubscriptionLog(db, practiceId);
  if (stored.versionId > 1 && resource.status === 'off') return log.turnOff(stored.id);
  if (stored.versionId > 1 && resource.status !== 'requested') return;
  const read = readBackportSubscription(resource);
  if (!read.ok) throw new Error('a Subscription reached the store without passing validation');
  if (stored.versionId === 1) await log.register(stored.id, read.value, stored.lastUpdated);
  else await log.requestAgain(stored.id, read.value, stored.lastUpdated);
};

const OBSERVERS: Readonly<Record<string, VersionObserver>> = {
  Task: recordTaskEvents,
  Subscription: registerSubscription,
};

export function versionObserverOf(resourceType: string): VersionObserver | undefined {
  return OBSERVERS[resourceType];
}
