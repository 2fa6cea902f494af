import { describe, expect, it } from 'vitest';
import { attendance, plannedSessions } from '../../src/domain/progress-report/attendance';
import { buildProgressReport } from '../../src/domain/progress-report/progress-report';
import { formatDate, formatPeriod, formatQuantity } from '../../src/domain/progress-report/units';
import { PERIOD, SESSIONS, typicalReportInput } from '../documents/typical-client';

describe('progress report content', () => {
  const report = buildProgressReport(typicalReportInput());

  it('lists the current diagnoses only (a refuted one is left out)', () => {
    expect(report.diagnoses.map((diagnosis) => diagnosis.code)).toEqual(['I10', 'I63.9']);
  });

  it('gives each goal its baseline, the latest value by the end of the period, its target and attainment', () => {
    const byMeasure = Object.fromEntries(report.goals.map((goal) => [goal.measure, goal]));
    expect(byMeasure['6mwt']).toMatchObject({ baseline: 300, target: 400, latest: { value: 402 }, attainment: 'achieved' });
    expect(byMeasure.tug).toMatchObject({ baseline: 14, target: 10, latest: { value: 11.2 }, attainment: 'improving' });
    expect(byMeasure['30s-chair-stand']).toMatchObject({ latest: { value: 10 }, attainment: 'improving' });
    expect(byMeasure['gait-speed']!.latest!.on).toBe('2026-03-24T10:00:00-05:00');
  });

  it('computes attainment as of the end of the period, not as of today', () => {
    const earlier = buildProgressReport(typicalReportInput({ period: { start: '2026-01-05', end: '2026-02-10' } }));
    expect(earlier.goals.find((goal) => goal.measure === '6mwt')).toMatchObject({ latest: { value: 338 }, attainment: 'improving' });
  });

  it('charts the goal measures first, then the other assessed measures, six at most, with the goal target', () => {
    expect(report.trends.map((trend) => trend.measure)).toEqual(['30s-chair-stand', '6mwt', 'gait-speed', 'tug', 'grip-right', 'blood-pressure.systolic']);
    const walk = report.trends.find((trend) => trend.measure === '6mwt')!;
    expect(walk).toMatchObject({ unit: 'm', target: 400, direction: 'increase' });
    expect(walk.points.map((point) => point.value)).toEqual([305, 338, 372, 402]);
    expect(report.trends.find((trend) => trend.measure === 'grip-right')!.target).toBeUndefined();
  });

  it('counts attendance against the planned frequency and lists the adverse events', () => {
    expect(report.attendance).toEqual({ attended: 22, planned: 24, totalMinutes: 990 });
    expect(report.adverseEvents).toEqual([expect.objectContaining({ on: '2026-02-05', severity: 'mild' })]);
  });

  it('sums it up in a conclusion, and names the key observations as results', () => {
    expect(report.conclusion).toContain('Interim report for Jan 5 – Mar 29, 2026.');
    expect(report.conclusion).toContain('Attended 22 of 24 planned sessions (92%; 990 min of supervised exercise).');
    expect(report.conclusion).toContain('Goals: 1 achieved, 3 improving.');
    expect(report.conclusion).toContain('1 adverse event reported (1 mild).');
    expect(report.resultAssessmentIds).toHaveLength(24);
  });

  it('leaves out sessions and assessments outside the period', () => {
    expect(attendance(SESSIONS, { start: '2026-03-01', end: '2026-03-29' })).toMatchObject({ attended: 8 });
    const march = buildProgressReport(typicalReportInput({ period: { start: '2026-03-01', end: '2026-03-29' } }));
    expect(march.trends.find((trend) => trend.measure === '6mwt')!.points).toHaveLength(2);
    expect(march.adverseEvents).toEqual([]);
    expect(march.conclusion).toContain('No adverse events.');
  });
});

describe('report wording', () => {
  it('writes units, dates and periods as a reader expects', () => {
    expect(formatQuantity(120, 'mm[Hg]')).toBe('120 mmHg');
    expect(formatQuantity(10, '{#}')).toBe('10 reps');
    expect(formatQuantity(0.8600001, 'm/s')).toBe('0.86 m/s');
    expect(formatDate('2026-03-24T10:00:00-05:00')).toBe('Mar 24, 2026');
    expect(formatPeriod(PERIOD.start, PERIOD.end)).toBe('Jan 5 – Mar 29, 2026');
    expect(formatPeriod('2025-12-01', '2026-02-28')).toBe('Dec 1, 2025 – Feb 28, 2026');
  });

  it('derives planned sessions from a frequency', () => {
    expect(plannedSessions({ frequency: 2, period: 1, periodUnit: 'wk' }, 84)).toBe(24);
    expect(plannedSessions({ frequency: 3, period: 1, periodUnit: 'wk' }, 30)).toBe(13);
  });
});
