import type { Encounter, Observation } from '@medplum/fhirtypes';
import { z } from 'zod';
import { ADVERSE_EVENT_SEVERITIES, LOAD_UNITS, RPE_SCALES, sessionProblems, type RpeScale } from '../../domain/session';
import { sessionFromFhir, sessionToFhir } from '../../fhir/mappers/encounter';
import { SESSION_OBSERVATION_CODES } from '../../fhir/mappers/session-observations';
import { newId } from '../../lib/ids';
import { implausibleValues } from './practice-errors';
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
import { addFieldIssues, fhirDateTime, listOf, text, whenObject } from './schemas';

/** A client's exercise sessions: an Encounter each, with the Observations recorded during it. */

const beatsPerMinute = z.number().positive().describe('Beats per minute.');
const bloodPressureReading = z.strictObject({
  systolic: z.number().positive().describe('mm[Hg]'),
  diastolic: z.number().positive().describe('mm[Hg]'),
});

const exerciseEntry = z.strictObject({
  name: text(200).describe('What was done, e.g. "Leg press" or "Treadmill walking".'),
  sets: z.number().int().min(1).max(100).optional(),
  reps: z.number().int().min(1).max(1000).optional().describe('Repetitions per set.'),
  load: z.strictObject({ value: z.number().min(0).max(1000), unit: z.enum(LOAD_UNITS) }).optional(),
  durationMinutes: z.number().positive().max(600).optional(),
  note: text(2000).optional(),
});

const adverseEvent = z.strictObject({
  description: text(2000),
  severity: z.enum(ADVERSE_EVENT_SEVERITIES),
  actionTaken: text(2000).optional(),
});

export const sessionBody = z
  .strictObject({
    date: fhirDateTime.describe('When the session started.'),
    durationMinutes: z.number().positive().max(600),
    exercises: z.array(exerciseEntry).max(50).default([]),
    rpe: z
      .strictObject({ scale: z.enum(Object.keys(RPE_SCALES) as [RpeScale, ...RpeScale[]]), value: z.number() })
      .optional()
      .describe('Rating of perceived exertion for the session: Borg 6-20 or CR-10 (0-10).'),
    heartRate: z
      .strictObject({
        pre: beatsPerMinute.optional(),
        post: beatsPerMinute.optional(),
        mean: beatsPerMinute.optional(),
        max: beatsPerMinute.optional(),
      })
      .optional(),
    bloodPressure: z.strictObject({ pre: bloodPressureReading.optional(), post: bloodPressureReading.optional() }).optional(),
    energyKcal: z.number().min(0).optional().describe('Energy expenditure in kilocalories.'),
    notes: text(4000).optional(),
    adverseEvents: z
      .array(adverseEvent)
      .max(20)
      .default([]),
  })
  .superRefine((body, ctx) => addFieldIssues(ctx, sessionProblems(body).filter(({ kind }) => kind === 'invalid')), whenObject);

export const sessionSchema = z.object({ id: z.uuid().describe('The Encounter id.'), clientId: z.uuid(), ...sessionBody.shape });

export const sessionRoutes = [
  defineRoute({
    method: 'post',
    path: '/clients/:id/sessions',
    operationId: 'createSession',
    tag: 'Sessions',
    summary: 'Record an exercise session',
    description: [
      'Creates, in one transaction, an Encounter for the session and, linked to it through Observation.encounter: a PA IG',
      'PAPanel of activity measures (duration, heart rate, energy, RPE, and one 73985-4 exercise activity per exercise with',
      'sets, repetitions and load as components; the notes are the panel note), vital-signs Observations for the heart rate',
      'and blood pressure before and after, and one Observation per adverse event.',
    ].join(' '),
    body: sessionBody,
    response: { status: 201, description: 'The session as recorded; its id is the Encounter id.', schema: sessionSchema },
    errors: [400, 404, 415, 422],
    touches: [
      { resourceType: 'Patient', interaction: 'read' },
      { resourceType: 'Encounter', interaction: 'create' },
      { resourceType: 'Observation', interaction: 'create' },
    ],
    async handle(c, { body }) {
      const patient = await requireClient(practiceStore(c), c.req.param('id')!);
      const problems = sessionProblems(body);
      if (problems.length) throw implausibleValues(problems);
      const performer = trainerReference(c.var.principal);
      const resources = sessionToFhir(body, { patientId: patient.id, newId, ...(performer ? { performer } : {}) });
      const stored = await writeInTransaction(c, async (writer) => {
        const encounter = await writer.create(resources.encounter, resources.encounter.id);
        const observations = [];
        for (const observation of resources.observations) observations.push(await writer.create(observation, observation.id));
        return { encounter, observations };
      });
      return c.json(sessionFromFhir(stored.encounter, stored.observations)!, 201);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/clients/:id/sessions',
    operationId: 'listSessions',
    tag: 'Sessions',
    summary: "List a client's exercise sessions",
    description: "Every exercise-session Encounter of the client with its Observations, most recent first.",
    response: { status: 200, description: "The client's sessions.", schema: listOf(sessionSchema) },
    errors: [404],
    touches: [
      { resourceType: 'Patient', interaction: 'read' },
      { resourceType: 'Encounter', interaction: 'search' },
      { resourceType: 'Observation', interaction: 'search' },
    ],
    async handle(c) {
      const store = practiceStore(c);
      const patient = await requireClient(store, c.req.param('id')!);
      const subject = `Patient/${patient.id}`;
      const encounters = await searchAll<Encounter>(store, 'Encounter', [clause('Encounter', 'patient', subject)]);
      const codes = SESSION_OBSERVATION_CODES.map((coding) => `${coding.system}|${coding.code}`).join(',');
      const clauses = [clause('Observation', 'patient', subject), clause('Observation', 'code', codes)];
      const observations = encounters.length ? await searchAll<Observation>(store, 'Observation', clauses) : [];
      const byEncounter = new Map<string, typeof observations>();
      for (const observation of observations) {
        const encounterId = /^Encounter\/([^/]+)$/.exec(observation.encounter?.reference ?? '')?.[1];
        if (encounterId) byEncounter.set(encounterId, [...(byEncounter.get(encounterId) ?? []), observation]);
      }
      const items = encounters
        .flatMap((encounter) => sessionFromFhir(encounter, byEncounter.get(encounter.id) ?? []) ?? [])
        .sort((a, b) => Date.parse(b.date) - Date.parse(a.date) || a.id.localeCompare(b.id));
      await auditRead(c, 'practice.session.search', { type: 'Patient', id: patient.id }, items.length);
      return c.json({ items });
    },
  }),
];
