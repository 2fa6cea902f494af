import type { DiagnosticReport, Encounter, Task } from '@medplum/fhirtypes';
import type { Context } from 'hono';
import { z } from 'zod';
import { referencedId } from '../../fhir/mappers/codings';
import { isProgressReport, presentedPdf } from '../../fhir/mappers/diagnostic-report';
import { ApiError } from '../api-error';
import { deliverySchema, readDelivery, type DeliveryView } from '../delivery/delivery-view';
import type { AppEnv } from '../app-env';
import { issueProgressReport, type IssuedReport } from '../progress-reports/issue-progress-report';
import { ReportRefusal } from '../progress-reports/report-refusal';
import { progressReportRequest } from '../progress-reports/report-request';
import { auditRead, clause, practiceStore, requireClient, searchAll, writeInTransaction, type Stored } from './practice-context';
import { clientNotFound } from './practice-errors';
import { defineRoute } from './practice-route';
import { listOf } from './schemas';
import { reportDue, type DueReport } from '../../domain/progress-report/report-schedule';
import { resolveSchedule, type ResolvedSchedule } from '../../domain/progress-report/schedule-setting';
import { scheduleOfTask } from '../../fhir/mappers/report-schedule-extension';
import { reportScheduleSchema } from './report-schedule-schemas';
import { EXERCISE_THERAPY_TYPE } from '../../fhir/mappers/encounter';
import type { PracticeResourceStore } from '../../db/resource-store/resource-store';

/**
 * Progress reports (the PA IG Intervention Report): issued from the client's record for a period,
 * stored as a DiagnosticReport with the PDF in `presentedForm`, linked from the referral Task, and
 * downloadable as the PDF itself for the fax or download channel.
 */

export const progressReportSchema = z.object({
  id: z.uuid().describe('The DiagnosticReport id.'),
  clientId: z.uuid(),
  referralId: z.uuid().optional().describe('The referral Task the report answers.'),
  status: z.enum(['preliminary', 'final']).describe('preliminary for an interim report, final for the final one.'),
  period: z.object({ start: z.string(), end: z.string() }),
  issuedAt: z.string(),
  conclusion: z.string(),
  referralStatus: z.string().optional().describe("The referral Task's status after the report (completed after the final report)."),
  pdf: z.string().describe('Where to download the PDF (application/pdf).'),
  fhir: z.string().describe('The DiagnosticReport on the FHIR API.'),
  delivery: deliverySchema.optional().describe('How the report reaches the referring physician, as it stands now.'),
});

type ProgressReportView = z.output<typeof progressReportSchema>;

const dueReportSchema = z.object({
  referralId: z.uuid(),
  clientId: z.uuid(),
  reason: z.enum(['days', 'sessions', 'completion']),
  dueOn: z.string(),
  state: z.enum(['due', 'overdue']),
  why: z.string(),
  schedule: reportScheduleSchema.describe('The schedule the referral follows, and whose setting it is.'),
});


function viewOf(report: Stored<DiagnosticReport>, delivery: DeliveryView | undefined, referralId?: string, referralStatus?: string): ProgressReportView {
  const clientId = referencedId(report.subject, 'Patient')!;
  return {
    id: report.id,
    clientId,
    ...(referralId ? { referralId } : {}),
    status: report.status === 'final' ? 'final' : 'preliminary',
    period: { start: report.effectivePeriod?.start ?? '', end: report.effectivePeriod?.end ?? '' },
    issuedAt: report.issued ?? '',
    conclusion: report.conclusion ?? '',
    ...(referralStatus ? { referralStatus } : {}),
    pdf: `/api/v1/clients/${clientId}/progress-reports/${report.id}/pdf`,
    fhir: `/fhir/DiagnosticReport/${report.id}`,
    ...(delivery ? { delivery } : {}),
  };
}

/** The report's delivery, read from the delivery tables as it stands now. */
function deliveryOf(c: Context<AppEnv>, report: Stored<DiagnosticReport>): Promise<DeliveryView | undefined> {
  return readDelivery(c.var.repositories, c.var.principal.practiceId, 'DiagnosticReport', report.id);
}

/** The client's progress report `reportId`; 404 when it is another client's, not a progress report, or unknown. */
async function requireReport(store: PracticeResourceStore, clientId: string, reportId: string): Promise<Stored<DiagnosticReport>> {
  const stored = await store.read('DiagnosticReport', reportId);
  const report = stored?.json ? (JSON.parse(stored.json) as Stored<DiagnosticReport>) : undefined;
  if (!report || referencedId(report.subject, 'Patient') !== clientId || !isProgressReport(report)) {
    throw new ApiError(404, { error: 'not_found', message: `Client ${clientId} has no progress report ${reportId}.` });
  }
  return report;
}

/** Each reason a report is refused, as the practice API's error. */
export function refusalError(refusal: ReportRefusal, clientId: string): ApiError {
  switch (refusal.reason) {
    case 'not-the-practice':
      return new ApiError(403, { error: 'forbidden', message: refusal.message });
    case 'client-not-found':
      return clientNotFound(clientId);
    case 'referral-not-found':
      return new ApiError(404, { error: 'not_found', message: refusal.message });
    case 'referral-of-another-client':
      return invalidField('referralId', refusal.message);
    case 'period-in-future':
      return invalidField('period.end', refusal.message);
    case 'referral-not-accepted':
    case 'referral-on-hold':
    case 'referral-closed':
      return new ApiError(409, { error: 'conflict', message: `${refusal.message} Nothing was recorded.` });
  }
}

function invalidField(field: string, message: string): ApiError {
  return new ApiError(400, { error: 'invalid_request', message: 'The request body is invalid: 1 field is wrong.', fields: [{ field, message }] });
}

async function organizationIdOf(c: Context<AppEnv>): Promise<string | undefined> {
  return (await c.var.repositories.practices.findById(c.var.principal.practiceId))?.organizationId;
}

export const progressReportRoutes = [
  defineRoute({
    method: 'post',
    path: '/clients/:id/progress-reports',
    operationId: 'createProgressReport',
    tag: 'Progress reports',
    summary: 'Issue a progress report',
    description: [
      'Builds the one-page progress report of the period from the client’s record (diagnoses, goals with baseline, latest',
      'value, target and attainment, trend charts of the key assessments, attendance and adverse events) with the',
      'narrative and next steps given, and stores it in one transaction as a PA Intervention Report DiagnosticReport',
      '(PDF in presentedForm, result → the key Observations, basedOn → the referral’s ServiceRequest). With a referral,',
      'the report is added to the Task’s output (resulting-activity) and its business status; a final report completes it.',
    ].join(' '),
    body: progressReportRequest,
    response: { status: 201, description: 'The report as stored, with where to get its PDF.', schema: progressReportSchema },
    errors: [400, 403, 404, 409, 415, 422],
    touches: [
      { resourceType: 'Patient', interaction: 'read' },
      { resourceType: 'Condition', interaction: 'search' },
      { resourceType: 'Goal', interaction: 'search' },
      { resourceType: 'Observation', interaction: 'search' },
      { resourceType: 'Encounter', interaction: 'search' },
      { resourceType: 'Task', interaction: 'read' },
      { resourceType: 'ServiceRequest', interaction: 'read' },
      { resourceType: 'DiagnosticReport', interaction: 'create' },
      { resourceType: 'Task', interaction: 'update' },
    ],
    async handle(c, { body, deps }) {
      const clientId = c.req.param('id')!;
      let issued: IssuedReport;
      try {
        const organizationId = await organizationIdOf(c);
        issued = await issueProgressReport(
          {
            store: practiceStore(c),
            principal: c.var.principal,
            clock: deps.clock,
            ...(organizationId ? { organizationId } : {}),
            fhirBase: deps.fhirBase,
            write: (work) => writeInTransaction(c, (writer) => work(writer, writer.repositories)),
          },
          { clientId, ...(body.referralId ? { taskId: body.referralId } : {}) },
          body,
        );
      } catch (error) {
        if (error instanceof ReportRefusal) throw refusalError(error, clientId);
        throw error;
      }
      const view = viewOf(issued.report, await deliveryOf(c, issued.report), issued.task?.id, issued.task?.status);
      return c.json(view, 201, { Location: `/api/v1/clients/${clientId}/progress-reports/${issued.report.id}` });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/clients/:id/progress-reports',
    operationId: 'listProgressReports',
    tag: 'Progress reports',
    summary: "List a client's progress reports",
    description: 'Every progress report of the client, most recently issued first.',
    response: { status: 200, description: "The client's progress reports.", schema: listOf(progressReportSchema) },
    errors: [404],
    touches: [
      { resourceType: 'Patient', interaction: 'read' },
      { resourceType: 'DiagnosticReport', interaction: 'search' },
    ],
    async handle(c) {
      const store = practiceStore(c);
      const patient = await requireClient(store, c.req.param('id')!);
      const reports = await searchAll<DiagnosticReport>(store, 'DiagnosticReport', [clause('DiagnosticReport', 'patient', `Patient/${patient.id}`)]);
      const sorted = reports.filter(isProgressReport).sort((a, b) => (b.issued ?? '').localeCompare(a.issued ?? '') || a.id.localeCompare(b.id));
      const items: ProgressReportView[] = [];
      for (const report of sorted) items.push(viewOf(report, await deliveryOf(c, report)));
      await auditRead(c, 'practice.progress-report.search', { type: 'Patient', id: patient.id }, items.length);
      return c.json({ items });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/clients/:id/progress-reports/:reportId',
    operationId: 'getProgressReport',
    tag: 'Progress reports',
    summary: 'A progress report and its delivery',
    description: 'The report as stored, and how it reaches the referring physician: its channel and, for Direct, the state of the message as the relay and the physician’s MDNs report it.',
    response: { status: 200, description: 'The report.', schema: progressReportSchema },
    errors: [404],
    touches: [
      { resourceType: 'Patient', interaction: 'read' },
      { resourceType: 'DiagnosticReport', interaction: 'read' },
    ],
    async handle(c) {
      const store = practiceStore(c);
      const patient = await requireClient(store, c.req.param('id')!);
      const report = await requireReport(store, patient.id, c.req.param('reportId')!);
      await auditRead(c, 'practice.progress-report.read', { type: 'DiagnosticReport', id: report.id });
      return c.json(viewOf(report, await deliveryOf(c, report)));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/clients/:id/progress-reports/:reportId/pdf',
    operationId: 'getProgressReportPdf',
    tag: 'Progress reports',
    summary: 'Download a progress report as PDF',
    description: 'The PDF of the report, as stored in its presentedForm: for printing, faxing or sending as a document. The first download marks a report of the download channel as downloaded.',
    response: { status: 200, description: 'The PDF document.', schema: z.string(), contentType: 'application/pdf' },
    errors: [404],
    touches: [
      { resourceType: 'Patient', interaction: 'read' },
      { resourceType: 'DiagnosticReport', interaction: 'read' },
    ],
    async handle(c, { deps }) {
      const store = practiceStore(c);
      const patient = await requireClient(store, c.req.param('id')!);
      const reportId = c.req.param('reportId')!;
      const report = await requireReport(store, patient.id, reportId);
      const pdf = presentedPdf(report);
      if (!pdf) throw new ApiError(404, { error: 'not_found', message: `Client ${patient.id} has no progress report ${reportId}.` });
      await auditRead(c, 'practice.progress-report.pdf', { type: 'DiagnosticReport', id: reportId });
      await c.var.repositories.documentDeliveries.markDownloaded(c.var.principal.practiceId, 'DiagnosticReport', reportId, deps.clock.now());
      const bytes = Uint8Array.from(atob(pdf.base64), (char) => char.charCodeAt(0));
      const day = report.effectivePeriod?.end ?? report.issued?.slice(0, 10) ?? 'report';
      return new Response(bytes, {
        status: 200,
        headers: {
          'Content-Type': 'application/pdf',
          'Content-Disposition': `attachment; filename="progress-report-${day}.pdf"`,
          'Cache-Control': 'no-store',
        },
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/reports/due',
    operationId: 'listDueReports',
    tag: 'Progress reports',
    summary: 'List the progress reports that are due or overdue',
    description: [
      'For each active referral (Task accepted, in progress or on hold): a report is due every `everyDays` days or every',
      '`everySessions` sessions since the last report (or since the referral started), whichever comes first — the',
      "referral's own schedule, else the practice's (PUT /settings/report-schedule), else every 30 days or 10 sessions;",
      'and a completed referral without a final report needs one. A report is due from its due date for 7 days, overdue',
      'after. `reason` and `why` say which rule made it due, `schedule.source` whose schedule it is.',
    ].join(' '),
    response: { status: 200, description: 'Due and overdue reports, earliest first.', schema: listOf(dueReportSchema) },
    errors: [],
    touches: [
      { resourceType: 'Task', interaction: 'search' },
      { resourceType: 'DiagnosticReport', interaction: 'search' },
      { resourceType: 'Encounter', interaction: 'search' },
      { resourceType: 'Organization', interaction: 'read' },
    ],
    async handle(c, { deps }) {
      const store = practiceStore(c);
      const today = deps.clock.now().toISOString().slice(0, 10);
      const practiceSchedule = await c.var.repositories.reportSchedules.find(c.var.principal.practiceId);
      const tasks = await searchAll<Task>(store, 'Task', [clause('Task', 'status', 'accepted,in-progress,on-hold,completed')]);
      const items: (DueReport & { schedule: ResolvedSchedule })[] = [];
      for (const task of tasks) {
        const schedule = resolveSchedule(scheduleOfTask(task), practiceSchedule);
        const due = reportDue(await reportingOf(store, task), schedule, today);
        if (due) items.push({ ...due, schedule });
      }
      items.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.referralId.localeCompare(b.referralId));
      await auditRead(c, 'practice.progress-report.due', { type: 'Task' }, items.length);
      return c.json({ items });
    },
  }),
];

/** What the schedule needs of a referral: its dates, its last report and the client's sessions. */
async function reportingOf(store: PracticeResourceStore, task: Stored<Task>) {
  const clientId = referencedId(task.for, 'Patient') ?? '';
  const reportIds = (task.output ?? []).flatMap((output) => referencedId(output.valueReference, 'DiagnosticReport') ?? []);
  const reports = reportIds.length
    ? (await searchAll<DiagnosticReport>(store, 'DiagnosticReport', [clause('DiagnosticReport', '_id', reportIds.join(','))])).filter(isProgressReport)
    : [];
  const last = reports.sort((a, b) => (b.issued ?? '').localeCompare(a.issued ?? ''))[0];
  const encounters = clientId ? await searchAll<Encounter>(store, 'Encounter', [clause('Encounter', 'patient', `Patient/${clientId}`)]) : [];
  const sessionDates = encounters
    .filter((encounter) => encounter.type?.some((type) => type.coding?.some((coding) => coding.code === EXERCISE_THERAPY_TYPE.code)))
    .flatMap((encounter) => encounter.period?.start ?? []);
  const status = task.status as 'accepted' | 'in-progress' | 'on-hold' | 'completed';
  return {
    referralId: task.id,
    clientId,
    status,
    startedOn: (task.executionPeriod?.start ?? task.authoredOn ?? task.meta?.lastUpdated ?? '').slice(0, 10),
    ...(status === 'completed' ? { completedOn: (task.executionPeriod?.end ?? task.lastModified ?? task.meta?.lastUpdated ?? '').slice(0, 10) } : {}),
    ...(last?.issued ? { lastReport: { issuedOn: last.issued.slice(0, 10), final: last.status === 'final' } } : {}),
    sessionDates,
  };
}
