import { asObject } from '../json-values';
import { STATUSES_WITH_REASON } from '../referral-task-states';
import type { WriteRule } from '../write-candidate';

/**
 * Invariant pa-taskrm-1: `statusReason` is present exactly when the status is rejected, on-hold,
 * cancelled or failed — "required if … and is not permitted otherwise".
 * @see https://hl7.org/fhir/us/physical-activity/STU1/StructureDefinition-pa-task-for-referral-management-definitions.html
 */
export const taskStatusReason: WriteRule = ({ resource }) => {
  if (resource.resourceType !== 'Task' || typeof resource.status !== 'string') return [];
  const status = resource.status;
  const hasReason = asObject(resource.statusReason) !== undefined;
  const needsReason = (STATUSES_WITH_REASON as ReadonlySet<string>).has(status);
  if (hasReason === needsReason) return [];
  return [
    {
      code: 'invariant',
      diagnostics: needsReason
        ? `pa-taskrm-1: a Task that is ${status} needs a statusReason saying why.`
        : `pa-taskrm-1: statusReason is only permitted when the status is ${[...STATUSES_WITH_REASON].join(', ')}; remove it for ${status}.`,
      expression: 'Task.statusReason',
    },
  ];
};
