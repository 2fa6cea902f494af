import type { ProgressReportContent } from './progress-report';
import { attainmentText, attendanceSentence } from './progress-report';
import { formatDate, formatPeriod, formatQuantity } from './units';

/**
 * The plain-text summary a progress report travels with — the first part of its Direct message,
 * what a physician's inbox shows before anyone opens the PDF: who, which period, each goal with
 * baseline → latest, target and attainment, attendance and safety, and the plan. In clinical
 * language and never a session log (the PDF and the FHIR Bundle carry the detail).
 */
export function progressReportSummary(content: ProgressReportContent): string {
  const client = `${content.client.firstName} ${content.client.lastName}`.trim();
  const lines = [
    content.title,
    '',
    `Client: ${client} (born ${content.client.birthDate})`,
    `Period: ${formatPeriod(content.period.start, content.period.end)}`,
    `Issued: ${formatDate(content.issuedAt)} by ${content.trainer ? `${content.trainer.name}, ` : ''}${content.practice.name}`,
    ...(content.physician ? [`Referring physician: ${content.physician.name}`] : []),
    ...(content.referral?.service ? [`Referral: ${content.referral.service}`] : []),
  ];
  if (content.diagnoses.length) lines.push('', `Diagnoses: ${content.diagnoses.map((diagnosis) => diagnosis.display ?? diagnosis.code).join('; ')}`);
  lines.push('', 'Goals:');
  if (!content.goals.length) lines.push('- No measurable goals recorded yet.');
  for (const goal of content.goals) {
    const from = goal.baseline === undefined ? 'no baseline' : formatQuantity(goal.baseline, goal.unit);
    const now = goal.latest ? formatQuantity(goal.latest.value, goal.unit) : 'not yet reassessed';
    lines.push(`- ${goal.measureDisplay}: ${from} → ${now}; target ${formatQuantity(goal.target, goal.unit)} by ${formatDate(goal.dueDate)} (${attainmentText(goal.attainment)})`);
  }
  lines.push('', `Attendance: ${attendanceSentence(content.attendance)}`);
  lines.push(
    `Safety: ${content.adverseEvents.length ? `${content.adverseEvents.length} adverse event${content.adverseEvents.length === 1 ? '' : 's'} reported; see the attached report.` : 'no adverse events.'}`,
  );
  lines.push('', `Assessment: ${content.narrative.trim()}`, `Plan: ${content.nextSteps.trim()}`);
  lines.push('', 'The full report is attached as a PDF, and as a FHIR Bundle (DiagnosticReport with its results).');
  return lines.join('\r\n') + '\r\n';
}
