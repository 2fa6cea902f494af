import type { DiagnosticReport, Resource, Task } from '@medplum/fhirtypes';
import type { Repositories } from '../../db/repositories';
import type { PracticeResourceStore } from '../../db/resource-store/resource-store';
import { renderProgressReport } from '../../documents/progress-report';
import { buildProgressReport, type ProgressReportContent } from '../../domain/progress-report/progress-report';
import { formatDate } from '../../domain/progress-report/units';
import { referencedId } from '../../fhir/mappers/codings';
import { isProgressReport, progressReportToFhir } from '../../fhir/mappers/diagnostic-report';
import { actorRoleOf } from '../../fhir/validation/actor-role';
import { isReferralTaskStatus } from '../../fhir/validation/referral-task-states';
import type { Clock } from '../../lib/clock';
import { actorReference, type Principal } from '../auth/principal';
import type { Stored } from '../practice/practice-context';
import { sendReport } from './send-report';
import { ReportRefusal } from './report-refusal';
import type { ProgressReportRequest } from './report-request';
import {
  loadClientRecord,
  loadPhysician,
  loadPractice,
  loadPractitionerName,
  loadServiceRequest,
  readPatient,
  readTask,
  serviceOf,
  sessionFrequencyOf,
} from './report-sources';
import { resultingActivityOutput, withReport } from './task-output';

/**
 * Issues a progress report: reads the client's record (and the referral, when one is named),
 * builds the report, renders its PDF, and then — in one transaction — stores the PA Intervention
 * Report DiagnosticReport and links it from the referral Task's output, completing the Task when
 * the report is final, and sends it to the referring physician by their channel (see
 * `send-report.ts`). Each write is validated and leaves a Provenance (the `writer`'s job); the
 * Task is updated only if nobody changed it since it was read.
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html (the Service Provider reports through Task.output)
 */

export interface ReportWriter {
  create<T extends Resource>(resource: T): Promise<Stored<T>>;
  update<T extends Resource>(resource: Stored<T>, previous: Stored<T>, expectedVersion: number): Promise<Stored<T>>;
}

export interface IssueContext {
  store: PracticeResourceStore;
  principal: Principal;
  clock: Clock;
  /** The practice's Organization, when the caller knows it; otherwise the referral Task's owner. */
  organizationId?: string;
  /** `PUBLIC_URL + "/fhir"`: the base of the resources in the Bundle a report is sent with. */
  fhirBase: string;
  /**
   * Runs the writes in one transaction; `tx` is its repositories, through which the report is
   * sent — undefined only inside a transaction the caller does not own (an entry of a FHIR
   * transaction Bundle), where the report is stored for the EHR to read but not sent.
   */
  write<T>(work: (writer: ReportWriter, tx: Repositories | undefined) => Promise<T>): Promise<T>;
}

export interface IssuedReport {
  content: ProgressReportContent;
  report: Stored<DiagnosticReport>;
  task?: Stored<Task>;
}

/** The client is named by the practice API; the FHIR operation names only the Task and takes its `for`. */
export async function issueProgressReport(
  context: IssueContext,
  target: { clientId?: string; taskId?: string },
  request: ProgressReportRequest,
): Promise<IssuedReport> {
  const { store, clock } = context;
  if (actorRoleOf(context.principal.actor) !== 'practice') {
    throw new ReportRefusal('not-the-practice', 'Only the practice issues progress reports; this request acts for the referrer.');
  }
  const now = clock.now();
  const today = now.toISOString().slice(0, 10);
  if (request.period.end > today) {
    throw new ReportRefusal('period-in-future', `The period ends on ${request.period.end}, after the day of the report (${today}).`);
  }
  const task = target.taskId ? await referralTask(store, target.taskId, request.final) : undefined;
  const clientId = target.clientId ?? referencedId(task?.for, 'Patient');
  const patient = clientId ? await readPatient(store, clientId) : undefined;
  if (!patient || !clientId) throw new ReportRefusal('client-not-found', `There is no client ${clientId ?? '(none named)'} in this practice.`);
  if (task && referencedId(task.for, 'Patient') !== patient.id) {
    throw new ReportRefusal('referral-of-another-client', `Referral ${task.id} is for another client than ${patient.id}.`);
  }

  const serviceRequest = task ? await loadServiceRequest(store, task) : undefined;
  const organizationId = context.organizationId ?? referencedId(task?.owner, 'Organization');
  const actor = context.principal.actor;
  const trainerName = actor.kind === 'user' ? await loadPractitionerName(store, actor.practitionerId) : undefined;
  const [record, practice, physician] = await Promise.all([
    loadClientRecord(store, patient),
    organizationId ? loadPractice(store, organizationId) : Promise.resolve({ name: 'Medical exercise practice' }),
    loadPhysician(store, serviceRequest?.requester ?? task?.requester),
  ]);
  const service = serviceOf(serviceRequest);
  const authoredOn = serviceRequest?.authoredOn ?? task?.authoredOn;
  const frequency = sessionFrequencyOf(serviceRequest);
  const planned = request.plannedSessions ?? frequency;
  const content = buildProgressReport({
    kind: request.final ? 'final' : 'interim',
    period: request.period,
    issuedAt: now.toISOString(),
    ...record,
    practice,
    ...(trainerName ? { trainer: { name: trainerName } } : {}),
    physician: physician ?? diagnosingPhysician(record.diagnoses),
    ...(task
      ? {
          referral: {
            taskId: task.id,
            ...(serviceRequest ? { serviceRequestId: serviceRequest.id } : {}),
            ...(service ? { service } : {}),
            ...(authoredOn ? { authoredOn } : {}),
          },
        }
      : {}),
    ...(planned === undefined ? {} : { planned }),
    narrative: request.narrative,
    nextSteps: request.nextSteps,
  });

  const pdf = await renderProgressReport(content);
  const resource = progressReportToFhir(content, {
    organization: organizationId ? { reference: `Organization/${organizationId}`, display: practice.name } : { display: practice.name },
    ...(actor.kind === 'user' ? { trainer: { reference: `Practitioner/${actor.practitionerId}`, ...(trainerName ? { display: trainerName } : {}) } } : {}),
    ...(serviceRequest ? { serviceRequest: { reference: `ServiceRequest/${serviceRequest.id}` } } : {}),
    pdf: { base64: toBase64(pdf), size: pdf.byteLength, sha1Base64: toBase64(new Uint8Array(await crypto.subtle.digest('SHA-1', new Uint8Array(pdf)))) },
  });

  const send = async (tx: Repositories | undefined, report: Stored<DiagnosticReport>, written: Stored<Task> | undefined) => {
    if (!tx) return;
    await sendReport(tx, {
      practiceId: context.principal.practiceId,
      content,
      pdf,
      report,
      patient,
      ...(written ? { task: written } : {}),
      ...(serviceRequest ? { serviceRequest } : {}),
      fhirBase: context.fhirBase,
      agent: actorReference(actor).reference ?? actorReference(actor).display,
      now,
    });
  };
  return context.write(async (writer, tx) => {
    const report = await writer.create(resource);
    if (!task) {
      await send(tx, report, undefined);
      return { content, report };
    }
    const issued = formatDate(content.issuedAt);
    const businessStatus = request.final
      ? `Final progress report issued ${issued}; referral completed`
      : `Progress report for ${formatDate(request.period.start)} – ${formatDate(request.period.end)} issued ${issued}`;
    const updated = withReport(task, resultingActivityOutput(report.id, content.title), {
      businessStatus,
      lastModified: content.issuedAt,
      ...(request.final && task.status !== 'completed' ? { status: 'completed' as const } : {}),
    });
    const written = await writer.update(updated, task, Number(task.meta?.versionId));
    await send(tx, report, written);
    return { content, report, task: written };
  });
}

/**
 * The referral Task, provided the practice may still report on it: accepted, in progress or on
 * hold for an interim report; accepted or in progress for the final one (the state machine has no
 * on-hold → completed); and a completed referral takes its final report once, if it was completed
 * without one.
 */
async function referralTask(store: PracticeResourceStore, taskId: string, final: boolean): Promise<Stored<Task>> {
  const task = await readTask(store, taskId);
  if (!task || !isReferralTaskStatus(task.status)) throw new ReportRefusal('referral-not-found', `There is no referral ${taskId} in this practice.`);
  switch (task.status) {
    case 'requested':
      throw new ReportRefusal('referral-not-accepted', `Referral ${taskId} has not been accepted yet; accept it before reporting on it.`);
    case 'accepted':
    case 'in-progress':
      return task;
    case 'on-hold':
      if (!final) return task;
      throw new ReportRefusal('referral-on-hold', `Referral ${taskId} is on hold; resume it before issuing the final report.`);
    case 'completed':
      if (final && !(await hasFinalReport(store, task))) return task;
      throw new ReportRefusal('referral-closed', `Referral ${taskId} is completed and has its final report.`);
    case 'rejected':
    case 'cancelled':
    case 'failed':
    case 'entered-in-error':
      throw new ReportRefusal('referral-closed', `Referral ${taskId} is ${task.status}; no report can be added to it.`);
  }
}

/** Whether one of the Task's outputs is a final progress report. */
async function hasFinalReport(store: PracticeResourceStore, task: Task): Promise<boolean> {
  const ids = (task.output ?? []).flatMap((output) => referencedId(output.valueReference, 'DiagnosticReport') ?? []);
  for (const id of ids) {
    const stored = await store.read('DiagnosticReport', id);
    const report = stored?.json ? (JSON.parse(stored.json) as DiagnosticReport) : undefined;
    if (report && isProgressReport(report) && report.status === 'final') return true;
  }
  return false;
}

function diagnosingPhysician(diagnoses: readonly { sourcePhysician?: { name: string; npi?: string } }[]) {
  return diagnoses.find((diagnosis) => diagnosis.sourcePhysician)?.sourcePhysician;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
