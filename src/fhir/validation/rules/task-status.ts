import { isReferralTaskStatus, REFERRAL_TASK_STATUSES } from '../referral-task-states';
import type { WriteRule } from '../write-candidate';

/**
 * A referral Task's status is one of the PA IG's referral statuses: the R4 task-status codes
 * without `received` and `ready` (PATaskReferralStatus), and without `draft`, which Service
 * Providers SHALL ignore and so never hold.
 * @see https://hl7.org/fhir/us/physical-activity/STU1/ValueSet-pa-task-status.html
 * @see https://hl7.org/fhir/us/physical-activity/STU1/StructureDefinition-pa-task-for-referral-management.html#status
 */
export const taskStatus: WriteRule = ({ resource }) => {
  if (resource.resourceType !== 'Task' || typeof resource.status !== 'string' || isReferralTaskStatus(resource.status)) return [];
  return [
    {
      code: 'code-invalid',
      diagnostics: `A referral Task's status must be one of ${REFERRAL_TASK_STATUSES.join(', ')}; not ${JSON.stringify(resource.status)}.`,
      expression: 'Task.status',
    },
  ];
};
