import type { Assessment } from '../assessment';
import { GOAL_MEASURES, goalMeasureByKey, measuredValues } from '../goal-measures';
import type { GoalLine } from './goal-lines';
import { isWithin, type ReportPeriod } from './report-period';

/**
 * The key assessments of a report, one series each for a trend chart: first the measures the
 * goals are set on (in goal order), then any other catalog measure assessed during the period (in
 * catalog order), up to {@link MAX_TRENDS}. Each series holds the period's measurements and the
 * target of the goal on that measure, when there is one.
 */

export const MAX_TRENDS = 6;

export interface TrendSeries {
  measure: string;
  title: string;
  /** UCUM. */
  unit: string;
  direction: 'increase' | 'decrease';
  points: { at: string; value: number; assessmentId: string }[];
  target?: number;
}

export function trendSeries(goals: readonly GoalLine[], assessments: readonly Assessment[], period: ReportPeriod): TrendSeries[] {
  const inPeriod = assessments.filter((assessment) => isWithin(period, assessment.performedAt));
  const assessed = new Set(inPeriod.flatMap((assessment) => [...measuredValues(assessment).keys()]));
  const catalogOrder = GOAL_MEASURES.map((measure) => measure.key);
  const keys = [...new Set([...goals.map((goal) => goal.measure), ...catalogOrder.filter((key) => assessed.has(key))])];
  return keys.slice(0, MAX_TRENDS).flatMap((key): TrendSeries[] => {
    const measure = goalMeasureByKey(key);
    if (!measure) return [];
    const points = inPeriod
      .flatMap((assessment) => {
        const value = measuredValues(assessment).get(key);
        return value === undefined ? [] : [{ at: assessment.performedAt, value, assessmentId: assessment.id }];
      })
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const goal = goals.find((line) => line.measure === key);
    return [
      {
        measure: key,
        title: measure.display,
        unit: measure.unit,
        direction: measure.direction,
        points,
        ...(goal ? { target: goal.target } : {}),
      },
    ];
  });
}
