import { asObject, asString, isPresentReference } from '../json-values';
import type { WriteRule } from '../write-candidate';

/**
 * A referral Task on MetBridge asks this practice to fulfil it: its `owner` is the practice's
 * Organization (`Organization/{id}`, or the same as an absolute URL on this server). A Task
 * owned by another performer — another practice's Organization, an organization on another
 * server, a new Organization in the same Bundle — is not this practice's to accept, and storing
 * it would put someone else's referral in this practice's inbox. Checked on create, and on
 * update when the owner changes (a Task cannot be handed over). Applies only when the caller
 * names the owner to enforce (writes through the FHIR API).
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html#managing
 * @see https://hl7.org/fhir/us/physical-activity/STU1/StructureDefinition-pa-task-for-referral-management.html
 */
export const taskOwnerIsPractice: WriteRule = ({ resource, previous, referralOwner }) => {
  if (resource.resourceType !== 'Task' || !referralOwner) return [];
  // A missing or display-only owner is reported by task-focus-owner.
  if (!isPresentReference(resource.owner)) return [];
  const owner = asString(asObject(resource.owner)?.reference) ?? 'a logical reference (identifier only)';
  if (previous !== undefined && JSON.stringify(previous.owner) === JSON.stringify(resource.owner)) return [];
  const expected = `Organization/${referralOwner.organizationId}`;
  if (owner === expected || owner === `${referralOwner.baseUrl}/${expected}`) return [];
  return [
    {
      code: 'business-rule',
      diagnostics: `A referral Task sent to this practice must be owned by the practice's Organization (${expected}); Task.owner is ${owner}.`,
      expression: 'Task.owner',
    },
  ];
};
