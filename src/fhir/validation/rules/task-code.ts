import { hasCoding } from '../json-values';
import type { WriteRule } from '../write-candidate';

export const TASK_CODE_SYSTEM = 'http://hl7.org/fhir/CodeSystem/task-code';

/**
 * A referral Task asks for fulfilment of its focus: `code` is task-code#fulfill. Every Task
 * written to MetBridge is a referral Task.
 * @see https://fhir.metbridge.org/StructureDefinition/met-referral-task
 * @see https://hl7.org/fhir/us/physical-activity/STU1/StructureDefinition-pa-task-for-referral-management.html
 */
export const taskCode: WriteRule = ({ resource }) => {
  if (resource.resourceType !== 'Task' || hasCoding(resource.code, TASK_CODE_SYSTEM, 'fulfill')) return [];
  return [{ code: 'value', diagnostics: `A referral Task's code must be ${TASK_CODE_SYSTEM}#fulfill.`, expression: 'Task.code' }];
};
