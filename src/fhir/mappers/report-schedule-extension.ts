import type { Extension, Task } from '@medplum/fhirtypes';
import type { ScheduleSetting } from '../../domain/progress-report/report-schedule';
import { isScheduleSetting } from '../../domain/progress-report/schedule-setting';
import { METBRIDGE_CANONICAL } from '../canonical';

/**
 * A referral's own progress-report schedule, as an extension on its Task:
 * `{url: …/report-schedule, extension: [{url: everyDays, valuePositiveInt}, {url: everySessions, valuePositiveInt}]}`.
 *
 * Why on the Task rather than in a table of MetBridge's own: how often the physician hears back
 * is part of what the practice and the referrer agreed on this referral, so it belongs where the
 * referrer already reads the referral's state — the EHR sees it on the Task it polls or is
 * notified about, without a MetBridge-specific API. It is versioned with the Task (history,
 * Provenance, AuditEvent), kept in the practice's tenant by the resource store, and changed with
 * the same optimistic concurrency as every other referral change, so a cancellation by the
 * referrer still wins. An extension the referrer drops on its own PUT is lost like any element it
 * does not send back (FHIR update replaces the resource); the practice's setting then applies.
 * A malformed extension (written by someone else) is ignored rather than trusted.
 * @see https://hl7.org/fhir/R4/extensibility.html
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html#loop
 */

export const REPORT_SCHEDULE_EXTENSION = `${METBRIDGE_CANONICAL}/StructureDefinition/report-schedule`;

/** The referral's own schedule, when its Task carries a usable one. */
export function scheduleOfTask(task: Task): ScheduleSetting | undefined {
  const extension = task.extension?.find((candidate) => candidate.url === REPORT_SCHEDULE_EXTENSION);
  if (!extension) return undefined;
  const part = (url: string) => extension.extension?.find((candidate) => candidate.url === url)?.valuePositiveInt;
  const setting = { everyDays: part('everyDays'), everySessions: part('everySessions') };
  return isScheduleSetting(setting) ? setting : undefined;
}

/** The Task with `setting` as its schedule (replacing any earlier one). */
export function withSchedule<T extends Task>(task: T, setting: ScheduleSetting): T {
  const others = (task.extension ?? []).filter((candidate) => candidate.url !== REPORT_SCHEDULE_EXTENSION);
  const extension: Extension = {
    url: REPORT_SCHEDULE_EXTENSION,
    extension: [
      { url: 'everyDays', valuePositiveInt: setting.everyDays },
      { url: 'everySessions', valuePositiveInt: setting.everySessions },
    ],
  };
  return { ...task, extension: [...others, extension] };
}
