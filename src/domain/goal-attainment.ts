import type { ImprovementDirection } from './assessment-catalog';
import type { GoalAchievementStatus, GoalLifecycleStatus } from './goal';

/**
 * How far a goal has come, from its baseline, its target, the latest value of its measure and the
 * measure's direction of improvement (Timed Up and Go improves downward, 6-minute walk upward).
 * Pure: the caller supplies the latest value.
 * @see https://hl7.org/fhir/R4/valueset-goal-achievement.html
 */

export type Attainment = Extract<GoalAchievementStatus, 'in-progress' | 'improving' | 'worsening' | 'no-change' | 'achieved'>;

export interface AttainmentInput {
  direction: ImprovementDirection;
  /** Undefined for a goal set without one: it is then only in progress or achieved. */
  baseline?: number;
  target: number;
  /** The most recent value; undefined before the first assessment. */
  latest?: number;
}

/** Values closer than this (in the catalog unit) count as equal, so unit conversions do not fake progress. */
const EPSILON = 1e-9;

export function goalAttainment({ direction, baseline, target, latest }: AttainmentInput): Attainment {
  if (latest === undefined) return 'in-progress';
  const better = (a: number, b: number) => (direction === 'increase' ? a - b > EPSILON : b - a > EPSILON);
  if (!better(target, latest)) return 'achieved';
  if (baseline === undefined) return 'in-progress';
  if (better(latest, baseline)) return 'improving';
  if (better(baseline, latest)) return 'worsening';
  return 'no-change';
}

/** Goals still being worked on; a completed, cancelled, rejected or held goal keeps its status. */
const OPEN_LIFECYCLE_STATUSES: ReadonlySet<GoalLifecycleStatus> = new Set(['proposed', 'planned', 'accepted', 'active']);

export interface GoalStatus {
  lifecycleStatus: GoalLifecycleStatus;
  achievementStatus: GoalAchievementStatus;
}

/**
 * The goal's statuses after a new attainment: achieved goals become `completed`; goals that are
 * no longer open keep their statuses.
 */
export function nextGoalStatus(current: GoalStatus, attainment: Attainment): GoalStatus {
  if (!isOpenGoal(current.lifecycleStatus)) return current;
  return { lifecycleStatus: attainment === 'achieved' ? 'completed' : current.lifecycleStatus, achievementStatus: attainment };
}

export function isOpenGoal(lifecycleStatus: GoalLifecycleStatus): boolean {
  return OPEN_LIFECYCLE_STATUSES.has(lifecycleStatus);
}
