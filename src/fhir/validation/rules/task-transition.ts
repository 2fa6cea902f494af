import type { OutcomeIssueInput } from '../../outcome';
import {
  allowedNextStatuses,
  INITIAL_REFERRAL_TASK_STATUS,
  isReferralTaskStatus,
  judgeSetter,
  judgeTransition,
  type ReferralTaskStatus,
  type TransitionVerdict,
} from '../referral-task-states';
import type { ActorRole, WriteRule } from '../write-candidate';

/**
 * A referral Task is created by the referrer as `requested` and then only moves along the PA IG
 * state machine, each step made by the party the IG names: the practice answers and reports
 * progress, the referrer cancels or marks entered-in-error. Terminal statuses never change except
 * to entered-in-error (other elements of a terminal Task, such as its output and notes, may still
 * be updated).
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html#taskstatus
 * @see https://hl7.org/fhir/us/physical-activity/STU1/StructureDefinition-pa-task-for-referral-management.html#status
 */
export const taskTransition: WriteRule = ({ resource, previous, actorRole }) => {
  if (resource.resourceType !== 'Task' || !isReferralTaskStatus(resource.status)) return [];
  const to = resource.status;
  if (previous === undefined) {
    if (to !== INITIAL_REFERRAL_TASK_STATUS) return [issue(`A referral Task is created as ${INITIAL_REFERRAL_TASK_STATUS}, not ${to}.`)];
    return explain(judgeSetter(to, actorRole), actorRole, to, to);
  }
  // A previous version outside the PA statuses (written before these rules) cannot be judged.
  if (!isReferralTaskStatus(previous.status)) return [];
  const from = previous.status;
  return explain(judgeTransition(from, to, actorRole), actorRole, from, to);
};

function explain(verdict: TransitionVerdict, actorRole: ActorRole, from: ReferralTaskStatus, to: ReferralTaskStatus): OutcomeIssueInput[] {
  if (verdict.ok) return [];
  switch (verdict.reason) {
    case 'terminal':
      return [issue(`The Task is ${from}, a terminal status; it can only become entered-in-error, not ${to}.`)];
    case 'not-allowed':
      return [issue(`A Task cannot go from ${from} to ${to}; from ${from} it may become ${allowedNextStatuses(from).join(', ')}.`)];
    case 'wrong-actor':
      return [issue(`Only the ${verdict.requiredRole} may set a referral Task to ${to}; this request acts as the ${actorRole}.`)];
  }
}

function issue(diagnostics: string): OutcomeIssueInput {
  return { code: 'business-rule', diagnostics, expression: 'Task.status' };
}
