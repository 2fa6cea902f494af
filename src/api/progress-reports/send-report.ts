import type { DiagnosticReport, Observation, Patient, ServiceRequest, Task } from '@medplum/fhirtypes';
import type { Repositories } from '../../db/repositories';
import type { ProgressReportContent } from '../../domain/progress-report/progress-report';
import { progressReportSummary } from '../../domain/progress-report/report-summary';
import { referencedId } from '../../fhir/mappers/codings';
import { deliveryRouteOf } from '../delivery/delivery-route-of';
import { documentMessage } from '../delivery/document-message';
import { sendDocument } from '../delivery/send-document';
import type { Stored } from '../practice/practice-context';

export interface ReportToSend {
  practiceId: string;
  content: ProgressReportContent;
  pdf: Uint8Array;
  report: Stored<DiagnosticReport>;
  patient: Stored<Patient>;
  /** The referral Task as written with the report in its output. */
  task?: Stored<Task>;
  serviceRequest?: ServiceRequest;
  fhirBase: string;
  agent: string;
  now: Date;
}

/**
 * Sends a progress report to the referring physician by their channel, in the report's
 * transaction: by Direct, a message whose parts are the plain-text summary, the PDF, and a FHIR
 * Bundle of the DiagnosticReport, its result Observations, the referral Task and the Patient.
 * The subject names the report and its period but not the client: the relay sees the outer
 * Subject header, and the client's name belongs inside the encrypted message.
 * @see https://hl7.org/fhir/us/physical-activity/STU1/StructureDefinition-pa-diagnosticreport.html
 */
export async function sendReport(tx: Repositories, input: ReportToSend): Promise<void> {
  const { content } = input;
  await sendDocument(tx, {
    practiceId: input.practiceId,
    resourceType: 'DiagnosticReport',
    resourceId: input.report.id,
    routing: await deliveryRouteOf(tx, input.practiceId, input.task, input.serviceRequest),
    agent: input.agent,
    now: input.now,
    async message() {
      const store = tx.resourcesOf(input.practiceId);
      const observations: Observation[] = [];
      for (const result of input.report.result ?? []) {
        const id = referencedId(result, 'Observation');
        const stored = id ? await store.read('Observation', id) : undefined;
        if (stored?.json) observations.push(JSON.parse(stored.json) as Observation);
      }
      return documentMessage({
        subject: `${content.kind === 'final' ? 'Final' : 'Interim'} exercise progress report for your referral, ${content.period.start} to ${content.period.end}`,
        summary: progressReportSummary(content),
        pdf: input.pdf,
        pdfFilename: `progress-report-${content.period.end}.pdf`,
        resources: [input.report, ...observations, ...(input.task ? [input.task] : []), input.patient],
        fhirBase: input.fhirBase,
        at: input.now,
      });
    },
  });
}
