import type { DiagnosticReport, Organization, Practitioner, Reference, ServiceRequest } from '@medplum/fhirtypes';
import type { ProgressReportContent } from '../../domain/progress-report/progress-report';
import { formatPeriod } from '../../domain/progress-report/units';
import { LOINC, PA_IG, PA_TEMPORARY_CODES } from '../canonical';
import { patientReference, PHYSICAL_ACTIVITY_CATEGORY } from './codings';

/**
 * A progress report as the PA IG Intervention Report (`pa-diagnosticreport`, on US Core
 * DiagnosticReport for Report and Note exchange): category PhysicalActivity, code "Physical
 * activity Consult note" (with LOINC 11488-4 Consult note), the client as subject, the period as
 * `effectivePeriod`, the practice and trainer as performers, `basedOn` the referral's
 * ServiceRequest, `result` the key assessment Observations, `conclusion` the summary, and the PDF
 * as `presentedForm`. An interim report is `preliminary` (verified results, more to come); the
 * final one `final`.
 * @see https://hl7.org/fhir/us/physical-activity/STU1/StructureDefinition-pa-diagnosticreport.html
 * @see https://hl7.org/fhir/us/physical-activity/STU1/ValueSet-pa-diagnosticreport-type.html
 * @see https://hl7.org/fhir/us/core/STU3.1.1/StructureDefinition-us-core-diagnosticreport-note.html
 */

export const PA_DIAGNOSTIC_REPORT_PROFILE = `${PA_IG}/StructureDefinition/pa-diagnosticreport`;

export const PROGRESS_REPORT_CODE = {
  coding: [
    { system: PA_TEMPORARY_CODES, code: 'PAConsultNote', display: 'Physical activity Consult note' },
    { system: LOINC, code: '11488-4', display: 'Consult note' },
  ],
  text: 'Exercise progress report',
};

export interface ProgressReportContext {
  /** The practice's Organization. */
  organization: Reference<Organization>;
  /** The trainer who prepared it, when a person did. */
  trainer?: Reference<Practitioner>;
  serviceRequest?: Reference<ServiceRequest>;
  /** The rendered PDF: base64, its size in bytes and its SHA-1 (`Attachment.hash`, base64). */
  pdf: { base64: string; size: number; sha1Base64: string };
}

export function progressReportToFhir(content: ProgressReportContent, context: ProgressReportContext): DiagnosticReport {
  const period = formatPeriod(content.period.start, content.period.end);
  return {
    resourceType: 'DiagnosticReport',
    meta: { profile: [PA_DIAGNOSTIC_REPORT_PROFILE] },
    ...(context.serviceRequest ? { basedOn: [context.serviceRequest] } : {}),
    status: content.kind === 'final' ? 'final' : 'preliminary',
    category: [PHYSICAL_ACTIVITY_CATEGORY],
    code: PROGRESS_REPORT_CODE,
    subject: patientReference(content.client.id),
    effectivePeriod: { start: content.period.start, end: content.period.end },
    issued: content.issuedAt,
    performer: [context.organization, ...(context.trainer ? [context.trainer] : [])],
    ...(content.resultAssessmentIds.length
      ? { result: content.resultAssessmentIds.map((id) => ({ reference: `Observation/${id}` })) }
      : {}),
    conclusion: content.conclusion,
    presentedForm: [
      {
        contentType: 'application/pdf',
        language: 'en-US',
        data: context.pdf.base64,
        size: context.pdf.size,
        hash: context.pdf.sha1Base64,
        title: `${content.title}, ${period}`,
        creation: content.issuedAt,
      },
    ],
  };
}

/** Whether a stored DiagnosticReport is a MetBridge progress report (by its PA code). */
export function isProgressReport(report: DiagnosticReport): boolean {
  return report.code?.coding?.some((coding) => coding.system === PA_TEMPORARY_CODES && coding.code === 'PAConsultNote') ?? false;
}

/** The PDF of a report's `presentedForm`, as base64, when it carries one inline. */
export function presentedPdf(report: DiagnosticReport): { base64: string; title?: string } | undefined {
  const form = report.presentedForm?.find((attachment) => attachment.contentType === 'application/pdf' && attachment.data);
  return form?.data ? { base64: form.data, ...(form.title ? { title: form.title } : {}) } : undefined;
}
