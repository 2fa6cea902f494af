import type { Task, TaskOutput } from '@medplum/fhirtypes';

/**
 * How a referral Task points at what the practice produced: an output of type
 * `resulting-activity` (the PA IG's PerformedActivity slice) whose value is the DiagnosticReport.
 * @see https://hl7.org/fhir/us/physical-activity/STU1/StructureDefinition-pa-task-for-referral-management.html (Task.output)
 */

export const SDOHCC_TEMPORARY_CODES = 'http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes';

export function resultingActivityOutput(diagnosticReportId: string, title: string): TaskOutput {
  return {
    type: { coding: [{ system: SDOHCC_TEMPORARY_CODES, code: 'resulting-activity', display: 'Resulting Activity' }] },
    valueReference: { reference: `DiagnosticReport/${diagnosticReportId}`, display: title },
  };
}

/** The Task with the report added to its outputs, its business status text and, for the final report, its new status. */
export function withReport<T extends Task>(
  task: T,
  output: TaskOutput,
  change: { businessStatus: string; lastModified: string; status?: Task['status'] },
): T {
  return {
    ...task,
    ...(change.status ? { status: change.status } : {}),
    businessStatus: { text: change.businessStatus },
    lastModified: change.lastModified,
    output: [...(task.output ?? []), output],
  };
}
