/**
 * What a trainer can do with a referral, as the PA IG Task status each action sets. Every action
 * is one step of the referral state machine (enforced on the Task itself); some are narrower than
 * the machine: `start` begins work on an accepted referral, `resume` continues one on hold.
 * `reason` says whether the action carries a statusReason — exactly the statuses that require
 * one (invariant pa-taskrm-1).
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html#taskstatus
 * @see https://hl7.org/fhir/us/physical-activity/STU1/StructureDefinition-pa-task-for-referral-management.html
 */

export const REFERRAL_ACTIONS = ['accept', 'decline', 'start', 'hold', 'resume', 'complete', 'fail'] as const;
export type ReferralAction = (typeof REFERRAL_ACTIONS)[number];

/** The Task statuses the practice sets (a subset of the PA IG's referral statuses). */
export type PracticeSetStatus = 'accepted' | 'rejected' | 'in-progress' | 'on-hold' | 'completed' | 'failed';

export interface ReferralActionDefinition {
  /** The Task status the action sets. */
  status: PracticeSetStatus;
  /** Whether the action needs a reason (becoming Task.statusReason), or takes none. */
  reason: 'required' | 'none';
  /** When set, the only statuses the action applies to (otherwise: any the state machine allows). */
  from?: readonly string[];
  summary: string;
}

export const REFERRAL_ACTION_DEFINITIONS: Readonly<Record<ReferralAction, ReferralActionDefinition>> = {
  accept: { status: 'accepted', reason: 'none', summary: 'Accept the referral; the referring physician gets an acknowledgement letter.' },
  decline: { status: 'rejected', reason: 'required', summary: 'Decline the referral, saying why.' },
  start: { status: 'in-progress', reason: 'none', from: ['accepted'], summary: 'Start work on an accepted referral (the first session).' },
  hold: { status: 'on-hold', reason: 'required', summary: 'Put the referral on hold, saying why.' },
  resume: { status: 'in-progress', reason: 'none', from: ['on-hold'], summary: 'Resume a referral that is on hold.' },
  complete: { status: 'completed', reason: 'none', summary: 'Complete the referral.' },
  fail: { status: 'failed', reason: 'required', summary: 'End the referral unfulfilled, saying why.' },
};

/** Statuses set by the referrer that end every practice action on the referral. */
export const REFERRER_STOPPED_STATUSES: ReadonlySet<string> = new Set(['cancelled', 'entered-in-error']);
