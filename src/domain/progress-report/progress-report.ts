import type { Assessment } from '../assessment';
import type { Client } from '../client';
import type { Diagnosis } from '../diagnosis';
import type { Goal } from '../goal';
import type { Session } from '../session';
import { adverseEvents, attendance, type Attendance, type ReportedAdverseEvent, type SessionFrequency } from './attendance';
import { goalLines, type GoalLine } from './goal-lines';
import type { ReportPeriod } from './report-period';
import { trendSeries, type TrendSeries } from './trend-series';
import { formatPeriod } from './units';

/**
 * The content of a progress report (the PA IG Intervention Report) for one client and period,
 * built from what the practice recorded: diagnoses, goals with their attainment, the key
 * assessments as trend series, attendance and adverse events, and the trainer's narrative and
 * next steps, with the practice and the referring physician named. Pure: the caller reads the
 * data and the clock; the PDF and the DiagnosticReport are both made from this.
 * @see https://hl7.org/fhir/us/physical-activity/STU1/StructureDefinition-pa-diagnosticreport.html
 */

export type ReportKind = 'interim' | 'final';

export interface PracticeParty {
  name: string;
  npi?: string;
  address?: string;
  phone?: string;
  directAddress?: string;
}

export interface PhysicianParty {
  name: string;
  npi?: string;
}

export interface ReferralSummary {
  /** The referral Task. */
  taskId: string;
  serviceRequestId?: string;
  /** What was ordered, as the ServiceRequest names it. */
  service?: string;
  authoredOn?: string;
}

export interface ProgressReportInput {
  kind: ReportKind;
  period: ReportPeriod;
  /** When the report is issued (an instant, from the clock). */
  issuedAt: string;
  client: Client;
  practice: PracticeParty;
  /** The trainer who prepares the report, when a person does. */
  trainer?: { name: string };
  physician?: PhysicianParty;
  referral?: ReferralSummary;
  diagnoses: readonly Diagnosis[];
  goals: readonly Goal[];
  assessments: readonly Assessment[];
  sessions: readonly Session[];
  /** Sessions planned in the period, as a count or as a frequency. */
  planned?: number | SessionFrequency;
  narrative: string;
  nextSteps: string;
}

export interface ProgressReportContent {
  kind: ReportKind;
  title: string;
  period: ReportPeriod;
  issuedAt: string;
  client: Client;
  practice: PracticeParty;
  trainer?: { name: string };
  physician?: PhysicianParty;
  referral?: ReferralSummary;
  diagnoses: Diagnosis[];
  goals: GoalLine[];
  trends: TrendSeries[];
  attendance: Attendance;
  adverseEvents: ReportedAdverseEvent[];
  narrative: string;
  nextSteps: string;
  /** The assessments the report rests on (every point of every trend): `DiagnosticReport.result`. */
  resultAssessmentIds: string[];
  /** One paragraph summing the report up: `DiagnosticReport.conclusion`. */
  conclusion: string;
}

/** Diagnoses that are not the client's (refuted, entered in error) or no longer active are left out. */
function isCurrent(diagnosis: Diagnosis): boolean {
  if (diagnosis.verificationStatus === 'refuted' || diagnosis.verificationStatus === 'entered-in-error') return false;
  return diagnosis.clinicalStatus === undefined || ['active', 'recurrence', 'relapse'].includes(diagnosis.clinicalStatus);
}

export function buildProgressReport(input: ProgressReportInput): ProgressReportContent {
  const goals = goalLines(input.goals, input.assessments, input.period);
  const trends = trendSeries(goals, input.assessments, input.period);
  const attended = attendance(input.sessions, input.period, input.planned);
  const events = adverseEvents(input.sessions, input.period);
  const content = {
    kind: input.kind,
    title: input.kind === 'final' ? 'Exercise Progress Report — Final' : 'Exercise Progress Report — Interim',
    period: input.period,
    issuedAt: input.issuedAt,
    client: input.client,
    practice: input.practice,
    ...(input.trainer ? { trainer: input.trainer } : {}),
    ...(input.physician ? { physician: input.physician } : {}),
    ...(input.referral ? { referral: input.referral } : {}),
    diagnoses: input.diagnoses.filter(isCurrent).sort((a, b) => a.code.localeCompare(b.code)),
    goals,
    trends,
    attendance: attended,
    adverseEvents: events,
    narrative: input.narrative,
    nextSteps: input.nextSteps,
    resultAssessmentIds: [...new Set(trends.flatMap((trend) => trend.points.map((point) => point.assessmentId)))],
  };
  return { ...content, conclusion: conclusionOf(content) };
}

/** "Interim report for Jan 1 – Mar 31, 2026. Attended 22 of 24 planned sessions (92%). Goals: …" */
function conclusionOf(content: Omit<ProgressReportContent, 'conclusion'>): string {
  const sentences = [
    `${content.kind === 'final' ? 'Final' : 'Interim'} report for ${formatPeriod(content.period.start, content.period.end)}.`,
    attendanceSentence(content.attendance),
  ];
  if (content.goals.length) sentences.push(`Goals: ${goalTally(content.goals)}.`);
  sentences.push(
    content.adverseEvents.length
      ? `${content.adverseEvents.length} adverse event${content.adverseEvents.length === 1 ? '' : 's'} reported (${severityTally(content.adverseEvents)}).`
      : 'No adverse events.',
  );
  if (content.narrative.trim()) sentences.push(content.narrative.trim());
  return sentences.join(' ');
}

export function attendanceSentence({ attended, planned, totalMinutes }: Attendance): string {
  const sessions = `${attended} session${attended === 1 ? '' : 's'}`;
  const minutes = `${totalMinutes} min of supervised exercise`;
  if (planned === undefined || planned === 0) return `Attended ${sessions} (${minutes}).`;
  return `Attended ${attended} of ${planned} planned sessions (${Math.round((attended / planned) * 100)}%; ${minutes}).`;
}

const ATTAINMENT_ORDER = ['achieved', 'improving', 'no-change', 'worsening', 'in-progress'] as const;
const ATTAINMENT_WORDS: Record<(typeof ATTAINMENT_ORDER)[number], string> = {
  achieved: 'achieved',
  improving: 'improving',
  'no-change': 'no change',
  worsening: 'worsening',
  'in-progress': 'not yet reassessed',
};

export function attainmentText(attainment: GoalLine['attainment']): string {
  return ATTAINMENT_WORDS[attainment];
}

function goalTally(goals: readonly GoalLine[]): string {
  return ATTAINMENT_ORDER.flatMap((attainment) => {
    const count = goals.filter((goal) => goal.attainment === attainment).length;
    return count ? [`${count} ${ATTAINMENT_WORDS[attainment]}`] : [];
  }).join(', ');
}

function severityTally(events: readonly ReportedAdverseEvent[]): string {
  return (['severe', 'moderate', 'mild'] as const)
    .flatMap((severity) => {
      const count = events.filter((event) => event.severity === severity).length;
      return count ? [`${count} ${severity}`] : [];
    })
    .join(', ');
}
