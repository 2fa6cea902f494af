import type { OutcomeIssueInput } from '../outcome';

/** A FHIR resource as received: a JSON object whose shape is still to be checked. */
export type ResourceJson = { resourceType: string } & Record<string, unknown>;

/**
 * Who is writing, in the terms of the PA IG referral workflow: the `practice` (the Service
 * Provider that performs the referral) or the `referrer` (the Care Manager, e.g. a physician's EHR).
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html#actors
 */
export type ActorRole = 'practice' | 'referrer';

/**
 * The Organization that must own every referral Task written, with the FHIR base its absolute
 * references use: the practice's own Organization when a Task arrives through the FHIR API.
 */
export interface ReferralOwner {
  organizationId: string;
  baseUrl: string;
}

/** A resource about to be written, the version it replaces (for transition rules) and who writes it. */
export interface WriteCandidate {
  resource: ResourceJson;
  previous?: ResourceJson;
  actorRole: ActorRole;
  /** Set where the writer cannot be trusted to address the Task to the practice (the FHIR API). */
  referralOwner?: ReferralOwner;
}

/** One write rule: the issues it finds, each with a FHIRPath `expression`; empty when satisfied. Pure. */
export type WriteRule = (candidate: WriteCandidate) => OutcomeIssueInput[];
