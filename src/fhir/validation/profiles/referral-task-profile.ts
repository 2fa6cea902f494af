import type { ElementDefinitionConstraint, StructureDefinition } from '@medplum/fhirtypes';
import { MET_REFERRAL_TASK_PROFILE } from '../met-profiles';
import { allowedNextStatuses, isTerminal, REFERRAL_TASK_STATUSES, setterOf, STATUSES_WITH_REASON } from '../referral-task-states';
import { TASK_CODE_SYSTEM } from '../rules/task-code';
import { isOneOf } from './fhirpath-literals';
import { FHIR_VERSION, PUBLICATION } from './publication';

/**
 * The MET referral Task profile: the PA IG's Task for referral management as MetBridge enforces
 * it (`rules/task-*.ts`). Transitions depend on the previous version and on who writes, which
 * FHIRPath invariants cannot see; they are stated in the description, from the same table the
 * code uses (`referral-task-states.ts`).
 * @see https://hl7.org/fhir/us/physical-activity/STU1/StructureDefinition-pa-task-for-referral-management.html
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html#taskstatus
 */

export const REFERRAL_TASK_CONSTRAINTS: readonly ElementDefinitionConstraint[] = [
  {
    key: 'met-task-1',
    severity: 'error',
    human: 'The status is one of the PA IG referral statuses MetBridge uses (not draft, received or ready).',
    expression: isOneOf('status', REFERRAL_TASK_STATUSES),
    source: MET_REFERRAL_TASK_PROFILE,
  },
  {
    key: 'pa-taskrm-1',
    severity: 'error',
    human: `statusReason is present if and only if the status is ${[...STATUSES_WITH_REASON].join(', ')} (PA IG invariant pa-taskrm-1).`,
    expression: `statusReason.exists() = (${isOneOf('status', STATUSES_WITH_REASON)})`,
    source: MET_REFERRAL_TASK_PROFILE,
  },
];

function transitionsTable(): string {
  const rows = REFERRAL_TASK_STATUSES.map((status) => {
    const next = allowedNextStatuses(status);
    const becomes = isTerminal(status) ? `${next.join(', ') || 'nothing'} (terminal)` : next.join(', ');
    return `| ${status} | ${setterOf(status)} | ${becomes} |`;
  });
  return ['| Status | Set by | May become |', '|---|---|---|', ...rows].join('\n');
}

export function referralTaskProfile(): StructureDefinition {
  return {
    resourceType: 'StructureDefinition',
    id: 'met-referral-task',
    url: MET_REFERRAL_TASK_PROFILE,
    ...PUBLICATION,
    name: 'METReferralTask',
    title: 'MET Referral Task',
    description: [
      'A request to a medical exercise practice to fulfil a physician\'s referral (ServiceRequest), following the PA IG ' +
        'Task for Referral Management. MetBridge enforces this profile on every Task it stores, whether or not meta.profile claims it.',
      '',
      'A Task is created as requested. Its status then changes only along the PA IG state diagram (Workflow, Figure 3), ' +
        'each change made by the party shown: the practice (Service Provider) or the referrer (Care Manager). A terminal ' +
        'status never changes, except to entered-in-error; other elements of a terminal Task (output, notes) may still be updated.',
      '',
      transitionsTable(),
    ].join('\n'),
    fhirVersion: FHIR_VERSION,
    kind: 'resource',
    abstract: false,
    type: 'Task',
    baseDefinition: 'http://hl7.org/fhir/StructureDefinition/Task',
    derivation: 'constraint',
    differential: {
      element: [
        { id: 'Task', path: 'Task', constraint: [...REFERRAL_TASK_CONSTRAINTS] },
        { id: 'Task.status', path: 'Task.status', condition: ['met-task-1', 'pa-taskrm-1'] },
        { id: 'Task.statusReason', path: 'Task.statusReason', condition: ['pa-taskrm-1'] },
        {
          id: 'Task.code',
          path: 'Task.code',
          min: 1,
          patternCodeableConcept: { coding: [{ system: TASK_CODE_SYSTEM, code: 'fulfill' }] },
        },
        { id: 'Task.focus', path: 'Task.focus', min: 1, comment: 'The ServiceRequest (referral) to fulfil.' },
        { id: 'Task.owner', path: 'Task.owner', min: 1, comment: 'The practice\'s Organization (or a practitioner) asked to fulfil it.' },
      ],
    },
  };
}
