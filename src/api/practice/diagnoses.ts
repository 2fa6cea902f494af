import type { Condition } from '@medplum/fhirtypes';
import { z } from 'zod';
import { CLINICAL_STATUSES, ICD10CM_CODE_PATTERN, VERIFICATION_STATUSES } from '../../domain/diagnosis';
import { isValidNpi } from '../../domain/npi';
import { conditionToDiagnosis, diagnosisToCondition } from '../../fhir/mappers/condition';
import {
  auditRead,
  clause,
  practiceStore,
  requireClient,
  searchAll,
  trainerReference,
  writeInTransaction,
} from './practice-context';
import { defineRoute } from './practice-route';
import { fhirDateTime, listOf, text, whenObject } from './schemas';

/** A client's diagnoses, as received from their physicians: problem-list Conditions. */

export const diagnosisBody = z
  .strictObject({
    code: z
      .string()
      .regex(ICD10CM_CODE_PATTERN, 'Expected an ICD-10-CM code such as I63.9 or M17.11 (capital letters).')
      .describe('ICD-10-CM code (http://hl7.org/fhir/sid/icd-10-cm).'),
    display: text(300).optional(),
    onset: fhirDateTime.optional(),
    sourcePhysician: z
      .strictObject({
        name: text(200),
        npi: z.string().refine(isValidNpi, 'Expected a 10-digit NPI with a valid check digit.').optional(),
      })
      .optional()
      .describe('The physician who made the diagnosis.'),
    verificationStatus: z.enum(VERIFICATION_STATUSES),
    clinicalStatus: z.enum(CLINICAL_STATUSES).optional().describe('Defaults to active; must be absent for entered-in-error.'),
    note: text(4000).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.verificationStatus === 'entered-in-error' && body.clinicalStatus !== undefined) {
      const message = 'A diagnosis entered in error has no clinical status (FHIR con-5).';
      ctx.addIssue({ code: 'custom', path: ['clinicalStatus'], message });
    }
  }, whenObject);

export const diagnosisSchema = z.object({
  id: z.uuid(),
  clientId: z.uuid(),
  ...diagnosisBody.shape,
  verificationStatus: diagnosisBody.shape.verificationStatus.optional(),
});

export const diagnosisRoutes = [
  defineRoute({
    method: 'post',
    path: '/clients/:id/diagnoses',
    operationId: 'createDiagnosis',
    tag: 'Diagnoses',
    summary: "Record a client's diagnosis",
    description: 'Creates a problem-list Condition with the PhysicalActivity category; the source physician is its asserter.',
    body: diagnosisBody,
    response: { status: 201, description: 'The diagnosis as recorded.', schema: diagnosisSchema },
    errors: [400, 404, 415, 422],
    touches: [
      { resourceType: 'Patient', interaction: 'read' },
      { resourceType: 'Condition', interaction: 'create' },
    ],
    async handle(c, { body, deps }) {
      const patient = await requireClient(practiceStore(c), c.req.param('id')!);
      const recorder = trainerReference(c.var.principal);
      const recordedDate = deps.clock.now().toISOString();
      const condition = diagnosisToCondition(body, { patientId: patient.id, recordedDate, ...(recorder ? { recorder } : {}) });
      const stored = await writeInTransaction(c, (writer) => writer.create(condition));
      return c.json(conditionToDiagnosis(stored), 201);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/clients/:id/diagnoses',
    operationId: 'listDiagnoses',
    tag: 'Diagnoses',
    summary: "List a client's diagnoses",
    description: 'Every Condition of the client that carries an ICD-10-CM code, most recent onset first.',
    response: { status: 200, description: "The client's diagnoses.", schema: listOf(diagnosisSchema) },
    errors: [404],
    touches: [
      { resourceType: 'Patient', interaction: 'read' },
      { resourceType: 'Condition', interaction: 'search' },
    ],
    async handle(c) {
      const store = practiceStore(c);
      const patient = await requireClient(store, c.req.param('id')!);
      const byPatient = clause('Condition', 'patient', `Patient/${patient.id}`);
      const conditions = await searchAll<Condition>(store, 'Condition', [byPatient]);
      const items = conditions
        .flatMap((condition) => conditionToDiagnosis(condition) ?? [])
        .sort((a, b) => (b.onset ?? '').localeCompare(a.onset ?? '') || a.id.localeCompare(b.id));
      await auditRead(c, 'practice.diagnosis.search', { type: 'Patient', id: patient.id }, items.length);
      return c.json({ items });
    },
  }),
];
