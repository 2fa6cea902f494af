import { assessmentCategory } from './rules/assessment-category';
import { assessmentValueRange } from './rules/assessment-value-range';
import { assessmentValueUnit } from './rules/assessment-value-unit';
import { bloodPressureComponents } from './rules/blood-pressure-components';
import { goalMeasurable } from './rules/goal-measurable';
import { subscriptionBackport } from './rules/subscription-backport';
import { taskCode } from './rules/task-code';
import { taskFocusOwner } from './rules/task-focus-owner';
import { taskOwnerIsPractice } from './rules/task-owner-practice';
import { taskStatus } from './rules/task-status';
import { taskStatusReason } from './rules/task-status-reason';
import { taskTransition } from './rules/task-transition';
import type { WriteRule } from './write-candidate';

/**
 * MetBridge's own profiles (published in `fhir-profiles/`), as the rules that enforce them, by
 * resource type. They apply to every write of the type, with or without `meta.profile`.
 */
export const PROFILE_RULES: Readonly<Record<string, readonly WriteRule[]>> = {
  // met-assessment-observation
  Observation: [assessmentValueUnit, assessmentValueRange, assessmentCategory, bloodPressureComponents],
  // met-goal
  Goal: [goalMeasurable],
  // backport-subscription, as far as MetBridge serves it
  Subscription: [subscriptionBackport],
  // met-referral-task
  Task: [taskCode, taskFocusOwner, taskOwnerIsPractice, taskStatus, taskStatusReason, taskTransition],
};
