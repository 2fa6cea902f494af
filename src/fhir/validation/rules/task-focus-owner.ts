import type { OutcomeIssueInput } from '../../outcome';
import { isPresentReference } from '../json-values';
import type { WriteRule } from '../write-candidate';

/**
 * A referral Task says what is to be fulfilled (`focus`, the ServiceRequest) and by whom
 * (`owner`, the practice's Organization or a practitioner); both are required (1..1).
 * @see https://fhir.metbridge.org/StructureDefinition/met-referral-task
 * @see https://hl7.org/fhir/us/physical-activity/STU1/StructureDefinition-pa-task-for-referral-management.html
 */
export const taskFocusOwner: WriteRule = ({ resource }) => {
  if (resource.resourceType !== 'Task') return [];
  const issues: OutcomeIssueInput[] = [];
  if (!isPresentReference(resource.focus)) {
    issues.push({ code: 'required', diagnostics: 'A referral Task needs a focus: a reference to the ServiceRequest to fulfil.', expression: 'Task.focus' });
  }
  if (!isPresentReference(resource.owner)) {
    issues.push({ code: 'required', diagnostics: 'A referral Task needs an owner: a reference to who is asked to fulfil it.', expression: 'Task.owner' });
  }
  return issues;
};
