import type { Assessment } from '../assessment';
import type { Goal } from '../goal';
import { goalAttainment, type Attainment } from '../goal-attainment';
import { goalMeasureByKey, measuredValues } from '../goal-measures';
import { isOnOrBefore, type ReportPeriod } from './report-period';

/**
 * Each goal as a report line: where it started (baseline), where the measure stood at the end of
 * the period (the latest assessment on or before that day), the target, and the attainment that
 * gives by the goal-attainment rules. Computed as of the period's end, so a report regenerated
 * later for the same period says the same thing.
 */

export interface GoalLine {
  goalId: string;
  measure: string;
  /** The measure's name, e.g. "6-minute walk distance". */
  measureDisplay: string;
  description: string;
  term?: 'short-term' | 'long-term';
  /** UCUM, the catalog unit of baseline, latest and target. */
  unit: string;
  baseline?: number;
  latest?: { value: number; on: string; assessmentId: string };
  target: number;
  dueDate: string;
  attainment: Attainment;
}

/** Goals that no longer count (cancelled, rejected, entered in error) are left out. */
const LEFT_OUT = new Set(['cancelled', 'rejected', 'entered-in-error']);

export function goalLines(goals: readonly Goal[], assessments: readonly Assessment[], period: ReportPeriod): GoalLine[] {
  return goals
    .filter((goal) => !LEFT_OUT.has(goal.lifecycleStatus))
    .flatMap((goal): GoalLine[] => {
      const measure = goalMeasureByKey(goal.measure);
      if (!measure) return [];
      const latest = latestValue(goal.measure, assessments, period.end);
      return [
        {
          goalId: goal.id,
          measure: goal.measure,
          measureDisplay: measure.display,
          description: goal.description,
          ...(goal.term ? { term: goal.term } : {}),
          unit: measure.unit,
          ...(goal.baseline === undefined ? {} : { baseline: goal.baseline }),
          ...(latest ? { latest } : {}),
          target: goal.target,
          dueDate: goal.dueDate,
          attainment: goalAttainment({
            direction: measure.direction,
            ...(goal.baseline === undefined ? {} : { baseline: goal.baseline }),
            target: goal.target,
            latest: latest?.value,
          }),
        },
      ];
    })
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.measureDisplay.localeCompare(b.measureDisplay));
}

/** The value of `measure` in the most recent assessment performed on or before `day`. */
export function latestValue(
  measure: string,
  assessments: readonly Assessment[],
  day: string,
): { value: number; on: string; assessmentId: string } | undefined {
  let latest: { value: number; on: string; assessmentId: string } | undefined;
  for (const assessment of assessments) {
    const value = measuredValues(assessment).get(measure);
    if (value === undefined || !isOnOrBefore(day, assessment.performedAt)) continue;
    if (!latest || Date.parse(assessment.performedAt) > Date.parse(latest.on)) {
      latest = { value, on: assessment.performedAt, assessmentId: assessment.id };
    }
  }
  return latest;
}
