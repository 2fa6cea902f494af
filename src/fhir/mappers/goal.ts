import type { Goal as FhirGoal, Practitioner, Reference } from '@medplum/fhirtypes';
import {
  GOAL_ACHIEVEMENT_STATUSES,
  GOAL_LIFECYCLE_STATUSES,
  GOAL_TERMS,
  type Goal,
  type GoalAchievementStatus,
  type GoalLifecycleStatus,
  type GoalRecord,
  type GoalTerm,
} from '../../domain/goal';
import { goalMeasureByCode, goalMeasureByKey } from '../../domain/goal-measures';
import { toCatalogUnit } from '../../domain/assessment-catalog';
import {
  catalogCodesOf,
  catalogConcept,
  codeFrom,
  GOAL_BASELINE_EXTENSION,
  MET_GOAL_TERM_SYSTEM,
  patientReference,
  PHYSICAL_ACTIVITY_CATEGORY,
  readUcumQuantity,
  referencedId,
  ucumQuantity,
} from './codings';

export const GOAL_ACHIEVEMENT_SYSTEM = 'http://terminology.hl7.org/CodeSystem/goal-achievement';

const ACHIEVEMENT_DISPLAY: Record<GoalAchievementStatus, string> = {
  'in-progress': 'In Progress',
  improving: 'Improving',
  worsening: 'Worsening',
  'no-change': 'No Change',
  achieved: 'Achieved',
  sustaining: 'Sustaining',
  'not-achieved': 'Not Achieved',
  'no-progress': 'No Progress',
  'not-attainable': 'Not Attainable',
};

const TERM_DISPLAY: Record<GoalTerm, string> = { 'short-term': 'Short-term goal', 'long-term': 'Long-term goal' };

export interface GoalContext {
  patientId: string;
  /** The trainer who set it (their Practitioner), when a person did. */
  expressedBy?: Reference<Practitioner>;
}

/**
 * A goal as a PA IG / US Core Goal: the catalog measure in `target.measure`, the target value in
 * `target.detailQuantity`, the due date in `target.dueDate`; short- or long-term as a category
 * beside PhysicalActivity; the baseline (no R4 element holds it) in a MetBridge extension.
 * @see https://hl7.org/fhir/us/physical-activity/StructureDefinition-pa-goal.html
 * @see https://hl7.org/fhir/us/core/STU3.1.1/StructureDefinition-us-core-goal.html
 */
export function goalToFhir(record: GoalRecord, context: GoalContext): FhirGoal {
  const measure = goalMeasureByKey(record.measure);
  if (!measure) throw new Error(`goal measure ${record.measure} is not in the catalog`);
  return {
    resourceType: 'Goal',
    extension: [{ url: GOAL_BASELINE_EXTENSION, valueQuantity: ucumQuantity(record.baseline, measure.unit) }],
    lifecycleStatus: record.lifecycleStatus,
    achievementStatus: achievementConcept(record.achievementStatus),
    category: [
      PHYSICAL_ACTIVITY_CATEGORY,
      { coding: [{ system: MET_GOAL_TERM_SYSTEM, code: record.term, display: TERM_DISPLAY[record.term] }] },
    ],
    description: { text: record.description },
    subject: patientReference(context.patientId),
    ...(record.startDate ? { startDate: record.startDate } : {}),
    target: [
      {
        measure: catalogConcept(measure.code, measure.alternateCodes, measure.display),
        detailQuantity: ucumQuantity(record.target, measure.unit),
        dueDate: record.dueDate,
      },
    ],
    ...(context.expressedBy ? { expressedBy: context.expressedBy } : {}),
    ...(record.note ? { note: [{ text: record.note }] } : {}),
  };
}

export interface GoalProgressUpdate {
  lifecycleStatus: GoalLifecycleStatus;
  achievementStatus: GoalAchievementStatus;
  /** The assessment Observation the statuses were computed from. */
  latestAssessmentId: string;
  /** When the lifecycle status last changed (`YYYY-MM-DD`). */
  statusDate?: string;
}

/**
 * The stored Goal with new statuses and its latest assessment as `outcomeReference`; every other
 * element (including ones an EHR added) is kept.
 * @see https://hl7.org/fhir/R4/goal-definitions.html#Goal.outcomeReference
 */
export function applyGoalProgress<T extends FhirGoal>(goal: T, update: GoalProgressUpdate): T {
  return {
    ...goal,
    lifecycleStatus: update.lifecycleStatus,
    achievementStatus: achievementConcept(update.achievementStatus),
    ...(update.statusDate ? { statusDate: update.statusDate } : {}),
    outcomeReference: [{ reference: `Observation/${update.latestAssessmentId}` }],
  };
}

/** A stored Goal as a goal and the id of its latest assessment; undefined without a catalog measure and target. */
export function goalFromFhir(goal: FhirGoal & { id: string }): { goal: Goal; latestAssessmentId?: string } | undefined {
  const clientId = referencedId(goal.subject, 'Patient');
  const target = goal.target?.find((candidate) => catalogCodesOf(candidate.measure).some((code) => goalMeasureByCode(code)));
  const measure = catalogCodesOf(target?.measure).map(goalMeasureByCode).find((found) => found !== undefined);
  if (!clientId || !target || !measure || !target.dueDate) return undefined;
  const inUnit = (quantity: Parameters<typeof readUcumQuantity>[0]) => {
    const read = readUcumQuantity(quantity);
    return read && toCatalogUnit(measure.assessment, read.value, read.unit);
  };
  const targetValue = inUnit(target.detailQuantity);
  if (targetValue === undefined) return undefined;
  const baseline = inUnit(goal.extension?.find((extension) => extension.url === GOAL_BASELINE_EXTENSION)?.valueQuantity);
  const termCodes = (goal.category ?? []).map((category) => codeFrom(category, MET_GOAL_TERM_SYSTEM));
  const term = GOAL_TERMS.find((candidate) => termCodes.includes(candidate));
  const achievement = codeFrom(goal.achievementStatus, GOAL_ACHIEVEMENT_SYSTEM);
  const lifecycle = GOAL_LIFECYCLE_STATUSES.find((status) => status === goal.lifecycleStatus);
  const latestAssessmentId = referencedId(goal.outcomeReference?.[0], 'Observation');
  const note = goal.note?.map((annotation) => annotation.text).join('\n\n');
  return {
    goal: {
      id: goal.id,
      clientId,
      ...(term ? { term } : {}),
      measure: measure.key,
      ...(baseline === undefined ? {} : { baseline }),
      target: targetValue,
      unit: measure.unit,
      dueDate: target.dueDate,
      ...(goal.startDate ? { startDate: goal.startDate } : {}),
      description: goal.description.text ?? measure.display,
      ...(note ? { note } : {}),
      lifecycleStatus: lifecycle ?? 'active',
      achievementStatus: GOAL_ACHIEVEMENT_STATUSES.find((status) => status === achievement) ?? 'in-progress',
    },
    ...(latestAssessmentId ? { latestAssessmentId } : {}),
  };
}

function achievementConcept(status: GoalAchievementStatus) {
  return { coding: [{ system: GOAL_ACHIEVEMENT_SYSTEM, code: status, display: ACHIEVEMENT_DISPLAY[status] }] };
}
