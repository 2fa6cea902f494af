import type { Observation } from '@medplum/fhirtypes';
import { z } from 'zod';
import { assessmentShapeProblems, checkAssessment, type Assessment } from '../../domain/assessment';
import { ASSESSMENT_CATALOG } from '../../domain/assessment-catalog';
import { assessmentToObservation, observationToAssessment } from '../../fhir/mappers/observation';
import { updateGoalProgress } from './goal-progress';
import { implausibleValues } from './practice-errors';
import {
  assessmentCodeClause,
  auditRead,
  clause,
  practiceStore,
  requireClient,
  searchAll,
  trainerReference,
  writeInTransaction,
} from './practice-context';
import { defineRoute } from './practice-route';
import { addFieldIssues, fhirDateTime, listOf, text, whenObject } from './schemas';

/** A client's assessments, by assessment-catalog key: Observations with the catalog's codes and units. */

const catalogKeys = ASSESSMENT_CATALOG.map((definition) => definition.key);

export const assessmentBody = z
  .strictObject({
    type: z.string().describe(`An assessment-catalog key: ${catalogKeys.join(', ')}.`),
    value: z.number().optional().describe('The result, for single-valued assessments.'),
    components: z
      .record(z.string(), z.number())
      .optional()
      .describe('The results of a panel by component key, e.g. {"systolic": 132, "diastolic": 84} for blood-pressure.'),
    unit: z
      .string()
      .optional()
      .describe('UCUM code of the value(s); defaults to the catalog unit, and other accepted units are converted to it.'),
    performedAt: fhirDateTime,
    note: text(4000).optional(),
  })
  .superRefine((body, ctx) => addFieldIssues(ctx, assessmentShapeProblems(body)), whenObject);

export const assessmentSchema = z.object({
  id: z.uuid(),
  clientId: z.uuid(),
  type: z.string(),
  value: z.number().optional(),
  components: z.record(z.string(), z.number()).optional(),
  unit: z.string().describe('The catalog unit (values are stored converted to it).'),
  performedAt: z.string(),
  note: z.string().optional(),
});

const assessmentQuery = z.object({
  type: z
    .string()
    .refine((key) => catalogKeys.includes(key), `Unknown assessment type. Valid types: ${catalogKeys.join(', ')}.`)
    .optional()
    .describe('Only assessments of this catalog key.'),
});

export const assessmentRoutes = [
  defineRoute({
    method: 'post',
    path: '/clients/:id/assessments',
    operationId: 'createAssessment',
    tag: 'Assessments',
    summary: 'Record an assessment',
    description: [
      "Creates an Observation with the catalog's code, UCUM unit and categories and, in the same transaction, recomputes",
      "the achievement status of the client's open goals measured by it (an achieved goal becomes completed).",
      "Values outside the catalog's plausible range are refused with 422.",
    ].join(' '),
    body: assessmentBody,
    response: { status: 201, description: 'The assessment as recorded, in the catalog unit.', schema: assessmentSchema },
    errors: [400, 404, 409, 415, 422],
    touches: [
      { resourceType: 'Patient', interaction: 'read' },
      { resourceType: 'Observation', interaction: 'create' },
      { resourceType: 'Observation', interaction: 'search' },
      { resourceType: 'Goal', interaction: 'search' },
      { resourceType: 'Goal', interaction: 'update' },
    ],
    async handle(c, { body }) {
      const patient = await requireClient(practiceStore(c), c.req.param('id')!);
      const checked = checkAssessment(body);
      if (!checked.ok) throw implausibleValues(checked.problems);
      const performer = trainerReference(c.var.principal);
      const observation = assessmentToObservation(checked.record, { patientId: patient.id, ...(performer ? { performer } : {}) });
      const assessment = await writeInTransaction(c, async (writer) => {
        const written = observationToAssessment(await writer.create(observation))!;
        await updateGoalProgress(writer, written);
        return written;
      });
      return c.json(assessment, 201);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/clients/:id/assessments',
    operationId: 'listAssessments',
    tag: 'Assessments',
    summary: "List a client's assessments",
    description: 'Every Observation of the client with a catalog code (session vital signs excepted), most recent first.',
    query: assessmentQuery,
    response: { status: 200, description: "The client's assessments.", schema: listOf(assessmentSchema) },
    errors: [400, 404],
    touches: [
      { resourceType: 'Patient', interaction: 'read' },
      { resourceType: 'Observation', interaction: 'search' },
    ],
    async handle(c, { query }) {
      const store = practiceStore(c);
      const patient = await requireClient(store, c.req.param('id')!);
      const clauses = [clause('Observation', 'patient', `Patient/${patient.id}`)];
      if (query.type) clauses.push(assessmentCodeClause(query.type));
      const observations = await searchAll<Observation>(store, 'Observation', clauses);
      const items = observations
        .flatMap((observation) => observationToAssessment(observation) ?? [])
        .filter((assessment) => !query.type || assessment.type === query.type)
        .sort(mostRecentFirst);
      await auditRead(c, 'practice.assessment.search', { type: 'Patient', id: patient.id }, items.length);
      return c.json({ items });
    },
  }),
];

function mostRecentFirst(a: Assessment, b: Assessment): number {
  return Date.parse(b.performedAt) - Date.parse(a.performedAt) || a.id.localeCompare(b.id);
}
