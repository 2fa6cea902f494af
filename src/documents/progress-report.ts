import { rgb, type PDFPage } from 'pdf-lib';
import { attainmentText, attendanceSentence, type ProgressReportContent } from '../domain/progress-report/progress-report';
import { formatDate, formatPeriod, formatQuantity, unitDisplay } from '../domain/progress-report/units';
import { drawTrendChart } from './pdf/chart';
import type { FontFamily } from './pdf/fonts';
import { PageFlow, US_LETTER, type TableColumn } from './pdf/page-flow';
import { createDocument, saveDocument } from './pdf/pdf-document';
import { drawText, drawTextRightAligned, fitText, type TextStyle } from './pdf/text';

/**
 * The progress report as a PDF for the referring physician: one US Letter page for a typical
 * client (four goals, six key assessments, three months), set in DejaVu Sans with the fonts
 * embedded, text extractable and the trends as vector charts. It reads top-down as a clinical
 * letter: the practice's letterhead, who and what the report is about, diagnoses, attendance and
 * safety, goals, trends, the trainer's assessment and plan. Content that does not fit continues
 * on a further page rather than being cut.
 */

const MARGIN = 36;
const GREY = rgb(0.35, 0.35, 0.35);
const ACCENT = rgb(0.1, 0.3, 0.6);
const CHART_HEIGHT = 92;
const CHART_GAP = 10;
const CHARTS_PER_ROW = 3;

interface Styles {
  heading: TextStyle;
  body: TextStyle;
  bold: TextStyle;
  small: TextStyle;
  smallBold: TextStyle;
}

export async function renderProgressReport(report: ProgressReportContent): Promise<Uint8Array> {
  const draft = await createDocument({
    title: `${report.title}: ${clientName(report)}`,
    author: report.trainer ? `${report.trainer.name}, ${report.practice.name}` : report.practice.name,
    subject: `Exercise progress ${formatPeriod(report.period.start, report.period.end)}`,
    keywords: ['PA Intervention Report', 'physical activity', 'progress report'],
    createdAt: new Date(report.issuedAt),
  });
  const { fonts } = draft;
  const styles: Styles = {
    heading: { font: fonts.bold, size: 9, color: ACCENT },
    body: { font: fonts.regular, size: 8.5 },
    bold: { font: fonts.bold, size: 8.5 },
    small: { font: fonts.regular, size: 7.5, color: GREY },
    smallBold: { font: fonts.bold, size: 7.5 },
  };
  const flow = new PageFlow(draft.doc, { ...US_LETTER, margin: { top: MARGIN, right: MARGIN, bottom: MARGIN + 14, left: MARGIN } });

  letterhead(flow, report, fonts, styles);
  parties(flow, report, styles);
  section(flow, 'Diagnoses', styles);
  if (report.diagnoses.length) {
    const lines = report.diagnoses.map((diagnosis) => {
      const onset = diagnosis.onset ? ` (onset ${formatDate(diagnosis.onset)})` : '';
      return `${diagnosis.code}  ${diagnosis.display ?? ''}${onset}`.trim();
    });
    for (const line of lines) flow.paragraph(line, styles.body, 10.5);
  } else flow.paragraph('No diagnosis on record.', styles.body, 10.5);

  section(flow, 'Attendance and safety', styles);
  flow.paragraph(attendanceSentence(report.attendance), styles.body, 10.5);
  if (report.adverseEvents.length) {
    for (const event of report.adverseEvents) {
      const action = event.actionTaken ? ` Action: ${event.actionTaken}` : '';
      flow.paragraph(`Adverse event ${formatDate(event.on)} (${event.severity}): ${event.description}.${action}`, styles.body, 10.5);
    }
  } else flow.paragraph('No adverse events reported.', styles.body, 10.5);

  goals(flow, report, styles);
  trends(flow, report, fonts, styles);
  section(flow, 'Assessment', styles);
  flow.paragraph(report.narrative, styles.body, 10.5);
  section(flow, 'Plan and next steps', styles);
  flow.paragraph(report.nextSteps, styles.body, 10.5);

  flow.pages.forEach((page, index) => footer(page, report, index, flow.pages.length, styles));
  return saveDocument(draft);
}

function clientName(report: ProgressReportContent): string {
  return `${report.client.firstName} ${report.client.lastName}`;
}

function letterhead(flow: PageFlow, report: ProgressReportContent, fonts: FontFamily, styles: Styles): void {
  const { practice } = report;
  const top = flow.reserve(44);
  drawText(flow.page, fitText(practice.name, flow.width * 0.55, { font: fonts.bold, size: 13 }), flow.left, top - 12, { font: fonts.bold, size: 13, color: ACCENT });
  const contact = [practice.phone && `Tel. ${practice.phone}`, practice.directAddress && `Direct: ${practice.directAddress}`, practice.npi && `NPI ${practice.npi}`]
    .filter(Boolean)
    .join(' · ');
  if (practice.address) drawText(flow.page, fitText(practice.address, flow.width * 0.6, styles.small), flow.left, top - 23, styles.small);
  if (contact) drawText(flow.page, fitText(contact, flow.width * 0.6, styles.small), flow.left, top - 32, styles.small);
  drawTextRightAligned(flow.page, report.title, flow.right, top - 12, { font: fonts.bold, size: 11 });
  drawTextRightAligned(flow.page, `Period: ${formatPeriod(report.period.start, report.period.end)}`, flow.right, top - 23, styles.body);
  drawTextRightAligned(flow.page, `Issued: ${formatDate(report.issuedAt)}`, flow.right, top - 33, styles.small);
  flow.rule(ACCENT, 1);
  flow.gap(6);
}

function parties(flow: PageFlow, report: ProgressReportContent, styles: Styles): void {
  const { client, physician, referral, trainer } = report;
  const left = [
    ['Client', clientName(report)],
    ['Date of birth', `${client.birthDate ? formatDate(client.birthDate) : 'not recorded'} (${client.gender})`],
    ...(referral?.service ? [['Service', referral.service]] : []),
  ];
  const right = [
    ['Referring physician', physician ? `${physician.name}${physician.npi ? `, NPI ${physician.npi}` : ''}` : 'not on record'],
    ...(referral?.authoredOn ? [['Referral dated', formatDate(referral.authoredOn)]] : []),
    ['Prepared by', trainer ? `${trainer.name}, Medical Exercise Specialist` : report.practice.name],
  ];
  const rows = Math.max(left.length, right.length);
  const columns: TableColumn[] = [{ width: 70 }, { width: flow.width / 2 - 70 }, { width: 90 }, { width: flow.width / 2 - 90 }];
  const cells = Array.from({ length: rows }, (_, index) => [...(left[index] ?? ['', '']), ...(right[index] ?? ['', ''])]);
  flow.table(columns, cells.map((row) => row.map((cell, column) => (column % 2 === 0 && cell ? `${cell}:` : cell))), {
    header: styles.smallBold,
    body: styles.body,
    lineHeight: 10,
    padding: 0.5,
  });
}

function section(flow: PageFlow, title: string, styles: Styles): void {
  flow.gap(5);
  flow.lines([title], styles.heading, 12);
}

function goals(flow: PageFlow, report: ProgressReportContent, styles: Styles): void {
  section(flow, 'Functional goals', styles);
  if (!report.goals.length) {
    flow.paragraph('No functional goal on record.', styles.body, 10.5);
    return;
  }
  const measureWidth = flow.width - 4 * 78 - 70;
  const columns: TableColumn[] = [
    { header: 'Goal', width: measureWidth },
    { header: 'Baseline', width: 78, align: 'right' },
    { header: 'Latest', width: 78, align: 'right' },
    { header: 'Target', width: 78, align: 'right' },
    { header: 'Due', width: 78, align: 'right' },
    { header: 'Status', width: 70, align: 'right' },
  ];
  const rows = report.goals.map((goal) => [
    `${goal.measureDisplay}${goal.term ? ` (${goal.term})` : ''}`,
    goal.baseline === undefined ? '—' : formatQuantity(goal.baseline, goal.unit),
    goal.latest ? `${formatQuantity(goal.latest.value, goal.unit)}\n${formatDate(goal.latest.on)}` : 'not reassessed',
    formatQuantity(goal.target, goal.unit),
    formatDate(goal.dueDate),
    attainmentText(goal.attainment),
  ]);
  flow.table(columns, rows, { header: styles.smallBold, body: styles.body, lineHeight: 9.5, padding: 1.5 });
}

function trends(flow: PageFlow, report: ProgressReportContent, fonts: FontFamily, styles: Styles): void {
  if (!report.trends.length) return;
  section(flow, 'Key assessments', styles);
  const width = (flow.width - CHART_GAP * (CHARTS_PER_ROW - 1)) / CHARTS_PER_ROW;
  for (let row = 0; row < report.trends.length; row += CHARTS_PER_ROW) {
    const top = flow.reserve(CHART_HEIGHT + 6);
    report.trends.slice(row, row + CHARTS_PER_ROW).forEach((trend, column) => {
      const box = { x: flow.left + column * (width + CHART_GAP), y: top - CHART_HEIGHT, width, height: CHART_HEIGHT };
      const chart = {
        title: trend.title,
        unit: unitDisplay(trend.unit),
        points: trend.points,
        ...(trend.target === undefined ? {} : { target: trend.target }),
        from: report.period.start,
        to: report.period.end,
      };
      drawTrendChart(flow.page, box, chart, fonts);
    });
  }
}

function footer(page: PDFPage, report: ProgressReportContent, index: number, count: number, styles: Styles): void {
  const y = MARGIN - 4;
  const born = report.client.birthDate ? ` · born ${formatDate(report.client.birthDate)}` : '';
  const text = `${clientName(report)}${born} · ${report.practice.name} · generated by MetBridge`;
  drawText(page, fitText(text, US_LETTER.width - 2 * MARGIN - 60, styles.small), MARGIN, y, styles.small);
  drawTextRightAligned(page, `Page ${index + 1} of ${count}`, US_LETTER.width - MARGIN, y, styles.small);
  page.drawLine({ start: { x: MARGIN, y: y + 9 }, end: { x: US_LETTER.width - MARGIN, y: y + 9 }, thickness: 0.5, color: GREY });
}
