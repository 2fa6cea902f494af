import type { ActorRole } from './write-candidate';

/**
 * The workflow role of an authenticated actor — a seam, deliberately simple until the SMART
 * authorization server lands:
 * - a `user` is a trainer signed in to the practice, so the practice (Service Provider);
 * - a `client` is a system client registered for the practice — today always a physician's EHR,
 *   so the referrer (Care Manager).
 * The SMART issue will derive the role from the client's registration and granted scopes
 * instead (a practice's own back-office client is not a referrer); callers only depend on this
 * function, so that change stays here.
 * Typed structurally so that fhir/ does not depend on api/.
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html#actors
 */
export function actorRoleOf(actor: { kind: 'user' | 'client' }): ActorRole {
  return actor.kind === 'user' ? 'practice' : 'referrer';
}
