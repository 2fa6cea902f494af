import type { ActorRole } from './write-candidate';

/**
 * The referral Task state machine of the PA IG, as data. MetBridge is the Full Service Provider:
 * the referrer (Care Manager) creates the Task as `requested`; the practice (Service Provider)
 * answers and reports progress; the referrer may cancel; either's mistakes are retracted by the
 * referrer with `entered-in-error`.
 *
 * Transitions (Workflow page, Figure 3 "Task statuses", task-states.svg):
 *   requested   → accepted | rejected | cancelled
 *   accepted    → in-progress | completed | failed | cancelled
 *   in-progress → on-hold | completed | failed | cancelled
 *   on-hold     → in-progress | failed | cancelled
 *   any status  → entered-in-error ("an allowed transition from all states")
 * rejected, cancelled, completed, failed and entered-in-error are terminal. `draft` (which
 * Service Providers SHALL ignore), `received` and `ready` are not used.
 * Who sets each status follows the "Initiator" column of the Task profile's status table.
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html#taskstatus
 * @see https://hl7.org/fhir/us/physical-activity/STU1/StructureDefinition-pa-task-for-referral-management.html#status
 */

export const REFERRAL_TASK_STATUSES = [
  'requested',
  'accepted',
  'rejected',
  'cancelled',
  'in-progress',
  'on-hold',
  'failed',
  'completed',
  'entered-in-error',
] as const;

export type ReferralTaskStatus = (typeof REFERRAL_TASK_STATUSES)[number];

/** "This SHALL be the initial status of the Task when it is first released for consideration." */
export const INITIAL_REFERRAL_TASK_STATUS: ReferralTaskStatus = 'requested';

/** The statuses that require a `statusReason`, and allow one (invariant pa-taskrm-1). */
export const STATUSES_WITH_REASON: ReadonlySet<ReferralTaskStatus> = new Set(['rejected', 'on-hold', 'cancelled', 'failed']);

const NEXT: Readonly<Record<ReferralTaskStatus, readonly ReferralTaskStatus[]>> = {
  requested: ['accepted', 'rejected', 'cancelled'],
  accepted: ['in-progress', 'completed', 'failed', 'cancelled'],
  'in-progress': ['on-hold', 'completed', 'failed', 'cancelled'],
  'on-hold': ['in-progress', 'failed', 'cancelled'],
  rejected: [],
  cancelled: [],
  completed: [],
  failed: [],
  'entered-in-error': [],
};

/** Who moves a Task into each status. */
const SET_BY: Readonly<Record<ReferralTaskStatus, ActorRole>> = {
  requested: 'referrer',
  accepted: 'practice',
  rejected: 'practice',
  'in-progress': 'practice',
  'on-hold': 'practice',
  completed: 'practice',
  failed: 'practice',
  cancelled: 'referrer',
  'entered-in-error': 'referrer',
};

/** The party that moves a Task into `status`. */
export function setterOf(status: ReferralTaskStatus): ActorRole {
  return SET_BY[status];
}

export function isReferralTaskStatus(value: unknown): value is ReferralTaskStatus {
  return (REFERRAL_TASK_STATUSES as readonly unknown[]).includes(value);
}

export function isTerminal(status: ReferralTaskStatus): boolean {
  return status === 'entered-in-error' || NEXT[status].length === 0;
}

export function allowedNextStatuses(from: ReferralTaskStatus): ReferralTaskStatus[] {
  return from === 'entered-in-error' ? [] : [...NEXT[from], 'entered-in-error'];
}

export type TransitionVerdict =
  | { ok: true }
  | { ok: false; reason: 'terminal' | 'not-allowed' }
  | { ok: false; reason: 'wrong-actor'; requiredRole: ActorRole };

/** Whether `role` may move a Task from `from` to `to`; keeping the same status is always allowed. */
export function judgeTransition(from: ReferralTaskStatus, to: ReferralTaskStatus, role: ActorRole): TransitionVerdict {
  if (from === to) return { ok: true };
  if (!allowedNextStatuses(from).includes(to)) return { ok: false, reason: isTerminal(from) ? 'terminal' : 'not-allowed' };
  return judgeSetter(to, role);
}

/** Whether `role` may put a Task into `status` (on creation, or by a transition already allowed). */
export function judgeSetter(status: ReferralTaskStatus, role: ActorRole): TransitionVerdict {
  const requiredRole = SET_BY[status];
  return requiredRole === role ? { ok: true } : { ok: false, reason: 'wrong-actor', requiredRole };
}
