import type { Encounter, Extension, Observation, Practitioner, Reference } from '@medplum/fhirtypes';
import type { Session, SessionDetails } from '../../domain/session';
import { SNOMED } from '../canonical';
import { patientReference, readUcumQuantity, referencedId, SESSION_ADVERSE_EVENT_EXTENSION, ucumQuantity } from './codings';
import {
  activityMeasure,
  activityPanel,
  adverseEventFromObservation,
  adverseEventObservation,
  bloodPressureFromObservation,
  exerciseFromObservation,
  exerciseObservation,
  exerciseTiming,
  isCoded,
  noteText,
  rpeFromObservation,
  rpeObservation,
  vitalSignObservation,
  type SessionObservationContext,
} from './session-observations';

/**
 * An exercise session as FHIR: one Encounter (the visit) and the Observations recorded during it,
 * each pointing back through `Observation.encounter`.
 *
 * - Encounter: `finished`, class AMB, type SNOMED 229065009 "Exercise therapy", `period.start` =
 *   the session date, `length` = its duration; the trainer as participant; the adverse event
 *   Observations, in order, through the `session-adverse-event` extension.
 * - A PA IG PAPanel Observation whose `hasMember` lists, in order, the activity measures: duration
 *   (55411-3), mean and maximum heart rate (55425-3, 55426-1), energy (55424-6), RPE, and one
 *   exercise activity (73985-4) per exercise. The session notes are the panel's `note`.
 * - Each exercise: 73985-4 with the exercise named in `valueCodeableConcept.text`; sets,
 *   repetitions, load and duration as components; the exercise note as its `note`.
 * - Heart rate and blood pressure before and after: vital-signs Observations (8867-4, 85354-9
 *   panel) with the `exercise-timing` extension (`pre-exercise` | `post-exercise`).
 * - Adverse events: one Observation each (MetBridge does not serve `AdverseEvent`), description in
 *   `valueString`, severity (adverse-event-severity codes) and action taken as components.
 * @see https://hl7.org/fhir/us/physical-activity/measures.html
 * @see https://hl7.org/fhir/us/core/STU3.1.1/StructureDefinition-us-core-encounter.html
 */

export const EXERCISE_THERAPY_TYPE = { system: SNOMED, code: '229065009', display: 'Exercise therapy (regime/therapy)' };

export interface SessionContext {
  patientId: string;
  /** The trainer who ran it (their Practitioner), when a person did. */
  performer?: Reference<Practitioner>;
  /** Ids for the new resources, so that they can reference each other before they are stored. */
  newId: () => string;
}

export interface SessionResources {
  encounter: Encounter & { id: string };
  /** The panel first, then its members, the vital signs and the adverse events. */
  observations: (Observation & { id: string })[];
}

export function sessionToFhir(session: SessionDetails, context: SessionContext): SessionResources {
  const encounterId = context.newId();
  const shared: SessionObservationContext = {
    patientId: context.patientId,
    encounterId,
    date: session.date,
    ...(context.performer ? { performer: context.performer } : {}),
  };
  const withId = (observation: Observation) => ({ ...observation, id: context.newId() });
  const { heartRate, bloodPressure } = session;

  const members = [
    activityMeasure(shared, 'duration', session.durationMinutes, 'min'),
    ...(heartRate?.mean !== undefined ? [activityMeasure(shared, 'meanHeartRate', heartRate.mean, '/min')] : []),
    ...(heartRate?.max !== undefined ? [activityMeasure(shared, 'maxHeartRate', heartRate.max, '/min')] : []),
    ...(session.energyKcal !== undefined ? [activityMeasure(shared, 'energy', session.energyKcal, 'kcal')] : []),
    ...(session.rpe ? [rpeObservation(shared, session.rpe)] : []),
    ...session.exercises.map((exercise) => exerciseObservation(shared, exercise)),
  ].map(withId);
  const panel = withId(activityPanel(shared, members.map((member) => member.id), session.notes));
  const vitals = (['pre', 'post'] as const).flatMap((when) => {
    const timing = when === 'pre' ? 'pre-exercise' : 'post-exercise';
    const rate = heartRate?.[when];
    const pressure = bloodPressure?.[when];
    return [
      ...(rate !== undefined ? [vitalSignObservation(shared, timing, { heartRate: rate })] : []),
      ...(pressure ? [vitalSignObservation(shared, timing, { bloodPressure: pressure })] : []),
    ].map(withId);
  });
  const adverseEvents = session.adverseEvents.map((event) => withId(adverseEventObservation(shared, event)));

  const encounter: Encounter & { id: string } = {
    resourceType: 'Encounter',
    id: encounterId,
    ...(adverseEvents.length ? { extension: adverseEvents.map(adverseEventExtension) } : {}),
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
    type: [{ coding: [EXERCISE_THERAPY_TYPE], text: 'Exercise session' }],
    subject: patientReference(context.patientId),
    ...(context.performer ? { participant: [{ individual: context.performer }] } : {}),
    period: { start: session.date },
    length: ucumQuantity(session.durationMinutes, 'min'),
  };
  return { encounter, observations: [panel, ...members, ...vitals, ...adverseEvents] };
}

/**
 * A stored exercise-session Encounter and the Observations that point to it, as a session;
 * undefined for an Encounter that is not an exercise session or lacks a start.
 */
export function sessionFromFhir(
  encounter: Encounter & { id: string },
  observations: readonly (Observation & { id: string })[],
): Session | undefined {
  const clientId = referencedId(encounter.subject, 'Patient');
  const date = encounter.period?.start;
  const isExerciseSession = encounter.type?.some((type) =>
    type.coding?.some((coding) => coding.system === EXERCISE_THERAPY_TYPE.system && coding.code === EXERCISE_THERAPY_TYPE.code),
  );
  if (!clientId || !date || !isExerciseSession) return undefined;
  const own = observations.filter((observation) => referencedId(observation.encounter, 'Encounter') === encounter.id);
  const find = (key: Parameters<typeof isCoded>[1], timing?: string) =>
    own.find((observation) => isCoded(observation, key) && exerciseTiming(observation) === timing);
  const valueOf = (observation: Observation | undefined) => observation?.valueQuantity?.value;

  const panel = find('panel');
  const exercises = own
    .filter((observation) => isCoded(observation, 'exerciseActivity'))
    .sort(inReferenceOrder(panel?.hasMember ?? []))
    .flatMap((observation) => exerciseFromObservation(observation) ?? []);
  const eventReferences = (encounter.extension ?? [])
    .filter((extension) => extension.url === SESSION_ADVERSE_EVENT_EXTENSION)
    .map((extension) => extension.valueReference);
  const adverseEvents = own
    .filter((observation) => isCoded(observation, 'adverseEvent'))
    .sort(inReferenceOrder(eventReferences))
    .flatMap((observation) => adverseEventFromObservation(observation) ?? []);

  const heartRate = {
    pre: valueOf(find('heartRate', 'pre-exercise')),
    post: valueOf(find('heartRate', 'post-exercise')),
    mean: valueOf(find('meanHeartRate')),
    max: valueOf(find('maxHeartRate')),
  };
  const readingOf = (timing: string) => {
    const observation = find('bloodPressure', timing);
    return observation && bloodPressureFromObservation(observation);
  };
  const bloodPressure = definedOnly({ pre: readingOf('pre-exercise'), post: readingOf('post-exercise') });
  const rpe = own.map(rpeFromObservation).find((rating) => rating !== undefined);
  const length = readUcumQuantity(encounter.length);
  const durationMinutes = length?.unit === 'min' ? length.value : valueOf(find('duration'));
  const energyKcal = valueOf(find('energy'));
  const notes = panel && noteText(panel);
  return {
    id: encounter.id,
    clientId,
    date,
    durationMinutes: durationMinutes ?? 0,
    exercises,
    ...(rpe ? { rpe } : {}),
    ...(Object.values(heartRate).some((value) => value !== undefined) ? { heartRate: definedOnly(heartRate) } : {}),
    ...(bloodPressure.pre || bloodPressure.post ? { bloodPressure } : {}),
    ...(energyKcal !== undefined ? { energyKcal } : {}),
    ...(notes ? { notes } : {}),
    adverseEvents,
  };
}

/** Sorts Observations in the order `references` name them; unnamed ones last, by id. */
function inReferenceOrder(references: readonly ({ reference?: string } | undefined)[]) {
  const order = references.map((reference) => referencedId(reference, 'Observation'));
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  return (a: { id: string }, b: { id: string }) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id);
}

function adverseEventExtension(event: Observation & { id: string }): Extension {
  return { url: SESSION_ADVERSE_EVENT_EXTENSION, valueReference: { reference: `Observation/${event.id}` } };
}

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
