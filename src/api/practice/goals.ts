import type { Goal as FhirGoal, Observation } from '@medplum/fhirtypes';
import { z } from 'zod';
import type { Goal } from '../../domain/goal';
import {
  checkGoal,
  GOAL_ACHIEVEMENT_STATUSES,
  GOAL_LIFECYCLE_STATUSES,
  GOAL_MEASURE_KEYS,
  GOAL_TERMS,
  goalShapeProblems,
} from '../../domain/goal';
import { measuredValues } from '../../domain/goal-measures';
import { goalFromFhir, goalToFhir } from '../../fhir/mappers/goal';
import { observationToAssessment } from '../../fhir/mappers/observation';
import type { PracticeResourceStore } from '../../db/resource-store/resource-store';
import { implausibleValues } from './practice-errors';
import {
  auditRead,
  clause,
  practiceStore,
  requireClient,
  searchAll,
  trainerReference,
  writeInTransaction,
  type Stored,
} from './practice-context';
import { defineRoute } from './practice-route';
import { addFieldIssues, fhirDate, listOf, text, whenObject } from './schemas';

/** A client's functional goals: PA IG Goals measured by the assessment catalog. */

export const goalBody = z
  .strictObject({
    term: z.enum(GOAL_TERMS),
    measure: z.string().describe(`What measures the goal: ${GOAL_MEASURE_KEYS.join(', ')}.`),
    baseline: z.number().describe('Where the measure stands now.'),
    target: z.number().describe('Where it should get to: beyond the baseline in the direction the measure improves.'),
    unit: z
      .string()
      .optional()
      .describe('UCUM code of baseline and target; defaults to the catalog unit, other accepted units are converted.'),
    dueDate: fhirDate,
    startDate: fhirDate.optional(),
    description: text(500).optional().describe('Defaults to a sentence built from the measure, baseline, target and due date.'),
    note: text(4000).optional(),
  })
  .superRefine((body, ctx) => addFieldIssues(ctx, goalShapeProblems(body)), whenObject);

export const goalSchema = z.object({
  id: z.uuid(),
  clientId: z.uuid(),
  ...goalBody.shape,
  term: goalBody.shape.term.optional(),
  baseline: goalBody.shape.baseline.optional(),
  unit: z.string().describe('The catalog unit (values are stored converted to it).'),
  description: z.string(),
  lifecycleStatus: z.enum(GOAL_LIFECYCLE_STATUSES),
  achievementStatus: z.enum(GOAL_ACHIEVEMENT_STATUSES),
  latest: z
    .object({ value: z.number(), performedAt: z.string(), assessmentId: z.uuid() })
    .optional()
    .describe('The most recent assessment of the measure, once one has been recorded after the goal was set.'),
});

export const goalRoutes = [
  defineRoute({
    method: 'post',
    path: '/clients/:id/goals',
    operationId: 'createGoal',
    tag: 'Goals',
    summary: 'Set a goal',
    description: [
      'Creates a Goal (active, in-progress) whose target.measure is the catalog code, target.detailQuantity the target and',
      'target.dueDate the due date. Later assessments of the measure update its achievementStatus; an achieved goal becomes',
      'completed.',
    ].join(' '),
    body: goalBody,
    response: { status: 201, description: 'The goal as recorded, in the catalog unit.', schema: goalSchema },
    errors: [400, 404, 415, 422],
    touches: [
      { resourceType: 'Patient', interaction: 'read' },
      { resourceType: 'Goal', interaction: 'create' },
    ],
    async handle(c, { body }) {
      const patient = await requireClient(practiceStore(c), c.req.param('id')!);
      const checked = checkGoal(body);
      if (!checked.ok) throw implausibleValues(checked.problems);
      const expressedBy = trainerReference(c.var.principal);
      const goal = goalToFhir(checked.record, { patientId: patient.id, ...(expressedBy ? { expressedBy } : {}) });
      const stored = await writeInTransaction(c, (writer) => writer.create(goal));
      return c.json(goalFromFhir(stored)!.goal, 201);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/clients/:id/goals',
    operationId: 'listGoals',
    tag: 'Goals',
    summary: "List a client's goals",
    description: 'Every Goal of the client measured by a catalog measure, soonest due first, each with its latest assessment.',
    response: { status: 200, description: "The client's goals.", schema: listOf(goalSchema) },
    errors: [404],
    touches: [
      { resourceType: 'Patient', interaction: 'read' },
      { resourceType: 'Goal', interaction: 'search' },
      { resourceType: 'Observation', interaction: 'search' },
    ],
    async handle(c) {
      const store = practiceStore(c);
      const patient = await requireClient(store, c.req.param('id')!);
      const stored = await searchAll<FhirGoal>(store, 'Goal', [clause('Goal', 'patient', `Patient/${patient.id}`)]);
      const goals = await withLatest(store, stored);
      const items = goals.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id));
      await auditRead(c, 'practice.goal.search', { type: 'Patient', id: patient.id }, items.length);
      return c.json({ items });
    },
  }),
];

/** The goals with the value of their latest assessment (`Goal.outcomeReference`), read in one search. */
async function withLatest(store: PracticeResourceStore, stored: Stored<FhirGoal>[]): Promise<Goal[]> {
  const parsed = stored.flatMap((goal) => goalFromFhir(goal) ?? []);
  const ids = [...new Set(parsed.flatMap((entry) => entry.latestAssessmentId ?? []))];
  const byId = clause('Observation', '_id', ids.join(','));
  const observations = ids.length ? await searchAll<Observation>(store, 'Observation', [byId]) : [];
  const assessments = new Map(observations.flatMap((observation) => {
    const assessment = observationToAssessment(observation);
    return assessment ? [[assessment.id, assessment] as const] : [];
  }));
  return parsed.map(({ goal, latestAssessmentId }) => {
    const assessment = latestAssessmentId ? assessments.get(latestAssessmentId) : undefined;
    const value = assessment && measuredValues(assessment).get(goal.measure);
    if (value === undefined || !assessment) return goal;
    return { ...goal, latest: { value, performedAt: assessment.performedAt, assessmentId: assessment.id } };
  });
}
