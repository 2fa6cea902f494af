import { acceptedUnits, convertValue, unconvertibleUnitMessage } from './assessment';
import { isPlausible } from './assessment-catalog';
import { GOAL_MEASURES, goalMeasureByKey, type GoalMeasure } from './goal-measures';

/**
 * A functional goal the trainer sets with the client: a catalog measure, where it starts
 * (baseline), where it should get to (target) and by when.
 */

export const GOAL_TERMS = ['short-term', 'long-term'] as const;
export type GoalTerm = (typeof GOAL_TERMS)[number];

/** @see https://hl7.org/fhir/R4/valueset-goal-status.html */
export const GOAL_LIFECYCLE_STATUSES = [
  'proposed',
  'planned',
  'accepted',
  'active',
  'on-hold',
  'completed',
  'cancelled',
  'entered-in-error',
  'rejected',
] as const;
export type GoalLifecycleStatus = (typeof GOAL_LIFECYCLE_STATUSES)[number];

/** @see https://hl7.org/fhir/R4/valueset-goal-achievement.html */
export const GOAL_ACHIEVEMENT_STATUSES = [
  'in-progress',
  'improving',
  'worsening',
  'no-change',
  'achieved',
  'sustaining',
  'not-achieved',
  'no-progress',
  'not-attainable',
] as const;
export type GoalAchievementStatus = (typeof GOAL_ACHIEVEMENT_STATUSES)[number];

export interface GoalInput {
  term: GoalTerm;
  measure: string;
  baseline: number;
  target: number;
  /** UCUM code of baseline and target; defaults to the catalog unit. */
  unit?: string;
  /** `YYYY-MM-DD` */
  dueDate: string;
  startDate?: string;
  description?: string;
  note?: string;
}

/** A goal as stored: values in the catalog unit, statuses set. */
export interface GoalRecord {
  term: GoalTerm;
  measure: string;
  baseline: number;
  target: number;
  unit: string;
  dueDate: string;
  startDate?: string;
  description: string;
  note?: string;
  lifecycleStatus: GoalLifecycleStatus;
  achievementStatus: GoalAchievementStatus;
}

/** The most recent assessment value of the goal's measure. */
export interface GoalProgress {
  value: number;
  performedAt: string;
  assessmentId: string;
}

/** A stored goal; one set through FHIR by an EHR may lack a term or a baseline. */
export interface Goal extends Omit<GoalRecord, 'term' | 'baseline'> {
  id: string;
  clientId: string;
  term?: GoalTerm;
  baseline?: number;
  latest?: GoalProgress;
}

export interface GoalProblem {
  kind: 'invalid' | 'implausible';
  field: string;
  message: string;
}

export const GOAL_MEASURE_KEYS: readonly string[] = GOAL_MEASURES.map((measure) => measure.key);

export function unknownMeasureMessage(measure: string): string {
  return `Unknown goal measure ${JSON.stringify(measure)}. Valid measures: ${GOAL_MEASURE_KEYS.join(', ')}.`;
}

/** The unit problems of a goal request, for the API boundary to report beside its other field errors. */
export function goalShapeProblems(input: { measure?: unknown; unit?: unknown }): GoalProblem[] {
  if (typeof input.measure !== 'string') return [];
  const measure = goalMeasureByKey(input.measure);
  if (!measure) return [{ kind: 'invalid', field: 'measure', message: unknownMeasureMessage(input.measure) }];
  if (typeof input.unit === 'string' && !acceptedUnits(measure.assessment).includes(input.unit)) {
    return [{ kind: 'invalid', field: 'unit', message: unconvertibleUnitMessage(input.unit, measure.assessment) }];
  }
  return [];
}

/**
 * Every problem with a new goal, or the record to store: active, in progress, values in the
 * catalog unit. The target must be better than the baseline in the measure's direction.
 */
export type GoalCheck = { ok: true; record: GoalRecord; measure: GoalMeasure } | { ok: false; problems: GoalProblem[] };

export function checkGoal(input: GoalInput): GoalCheck {
  const problems = goalShapeProblems(input);
  const measure = goalMeasureByKey(input.measure);
  if (problems.length || !measure) return { ok: false, problems };
  const unit = input.unit ?? measure.unit;
  const baseline = convertValue(measure.assessment, input.baseline, unit);
  const target = convertValue(measure.assessment, input.target, unit);
  for (const [field, value] of [['baseline', baseline], ['target', target]] as const) {
    if (!isPlausible(measure.range, value)) {
      const [low, high] = measure.range;
      const { display, unit: catalogUnit } = measure;
      const message = `${display} ${value} ${catalogUnit} is outside the plausible range ${low}–${high} ${catalogUnit}.`;
      problems.push({ kind: 'implausible', field, message });
    }
  }
  if (!isImprovement(measure, baseline, target)) {
    const [way, side] = measure.direction === 'increase' ? ['upward', 'above'] : ['downward', 'below'];
    const message = `${measure.display} improves ${way}: the target must be ${side} the baseline (${baseline} ${measure.unit}).`;
    problems.push({ kind: 'implausible', field: 'target', message });
  }
  if (input.startDate !== undefined && input.startDate > input.dueDate) {
    problems.push({ kind: 'implausible', field: 'dueDate', message: 'The due date must not be before the start date.' });
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    measure,
    record: {
      term: input.term,
      measure: measure.key,
      baseline,
      target,
      unit: measure.unit,
      dueDate: input.dueDate,
      ...(input.startDate === undefined ? {} : { startDate: input.startDate }),
      description: input.description ?? describeGoal(measure, baseline, target, input.dueDate),
      ...(input.note === undefined ? {} : { note: input.note }),
      lifecycleStatus: 'active',
      achievementStatus: 'in-progress',
    },
  };
}

/** "6-minute walk distance from 300 m to 400 m by 2025-06-01" */
export function describeGoal(measure: GoalMeasure, baseline: number, target: number, dueDate: string): string {
  return `${measure.display} from ${baseline} ${measure.unit} to ${target} ${measure.unit} by ${dueDate}`;
}

function isImprovement(measure: GoalMeasure, baseline: number, target: number): boolean {
  return measure.direction === 'increase' ? target > baseline : target < baseline;
}
