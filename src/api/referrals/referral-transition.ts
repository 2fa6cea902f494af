import type { Task } from '@medplum/fhirtypes';
import { REFERRAL_ACTION_DEFINITIONS, REFERRAL_ACTIONS, type ReferralAction } from '../../domain/referrals/referral-actions';
import { isReferralTaskStatus, judgeTransition, type ReferralTaskStatus } from '../../fhir/validation/referral-task-states';
import type { ActorRole } from '../../fhir/validation/write-candidate';
import { ApiError } from '../api-error';
import type { Stored } from '../practice/practice-context';
import { referralConflict } from './referral-update';

/**
 * One trainer action as a Task transition under the PA IG state machine: the new status, a
 * statusReason exactly when the status requires one (pa-taskrm-1), and `lastModified`. An action
 * the machine (or the action's narrower rule) does not allow from the current status is a 409
 * naming the status and the actions that remain.
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html#taskstatus
 */
export function transitionedTask(current: Stored<Task>, action: ReferralAction, reason: string | undefined, role: ActorRole, now: string): Stored<Task> {
  const definition = REFERRAL_ACTION_DEFINITIONS[action];
  const from = current.status;
  if (!isReferralTaskStatus(from) || !isActionAllowed(from, action, role)) {
    const verdict = isReferralTaskStatus(from) ? judgeTransition(from, definition.status, role) : undefined;
    if (verdict && !verdict.ok && verdict.reason === 'wrong-actor') {
      throw new ApiError(403, { error: 'forbidden', message: `Only the ${verdict.requiredRole} may ${action} a referral.` });
    }
    const remaining = isReferralTaskStatus(from) ? REFERRAL_ACTIONS.filter((candidate) => isActionAllowed(from, candidate, role)) : [];
    const next = remaining.length ? `From ${from} it can be: ${remaining.join(', ')}.` : `No practice action is possible from ${from}.`;
    throw referralConflict('illegal_transition', `The referral is ${from}; it cannot be ${pastTense(action)}. ${next}`, from);
  }
  const { statusReason: _previous, ...rest } = current;
  return {
    ...rest,
    status: definition.status,
    ...(definition.reason === 'required' && reason ? { statusReason: { text: reason } } : {}),
    lastModified: now,
  } as Stored<Task>;
}

/** Whether `action` applies from `from` for `role` (a no-op, such as accepting an accepted referral, does not). */
export function isActionAllowed(from: ReferralTaskStatus, action: ReferralAction, role: ActorRole): boolean {
  const definition = REFERRAL_ACTION_DEFINITIONS[action];
  if (from === definition.status) return false;
  if (definition.from && !definition.from.includes(from)) return false;
  return judgeTransition(from, definition.status, role).ok;
}

const PAST_TENSE: Record<ReferralAction, string> = {
  accept: 'accepted',
  decline: 'declined',
  start: 'started',
  hold: 'put on hold',
  resume: 'resumed',
  complete: 'completed',
  fail: 'ended as failed',
};

function pastTense(action: ReferralAction): string {
  return PAST_TENSE[action];
}
