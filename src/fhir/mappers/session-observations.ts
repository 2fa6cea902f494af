import type { CodeableConcept, Coding, Observation, ObservationComponent, Practitioner, Reference } from '@medplum/fhirtypes';
import { assessmentByKey } from '../../domain/assessment-catalog';
import {
  ADVERSE_EVENT_SEVERITIES,
  LOAD_UNITS,
  RPE_SCALES,
  type AdverseEvent,
  type BloodPressureReading,
  type ExerciseEntry,
  type RatingOfPerceivedExertion,
  type RpeScale,
} from '../../domain/session';
import { LOINC, PA_TEMPORARY_CODES } from '../canonical';
import {
  catalogCoding,
  codeFrom,
  EXERCISE_TIMING_EXTENSION,
  hasCoding,
  MET_SESSION_SYSTEM,
  observationCategory,
  patientReference,
  PHYSICAL_ACTIVITY_CATEGORY,
  readUcumQuantity,
  ucumQuantity,
} from './codings';

/**
 * The Observations of an exercise session, each linked to the session's Encounter. Activity
 * measures follow the PA IG (LOINC where it names one, category `activity` + PhysicalActivity,
 * grouped by a PAPanel Observation); what has no verified standard code (sets, repetitions, load,
 * RPE, adverse events) uses MetBridge's `met-session` code system rather than an invented LOINC.
 * @see https://hl7.org/fhir/us/physical-activity/measures.html
 */

type SessionCoding = Coding & { system: string; code: string; display: string };
const loinc = (code: string, display: string): SessionCoding => ({ system: LOINC, code, display });
const local = (code: string, display: string): SessionCoding => ({ system: MET_SESSION_SYSTEM, code, display });

export const SESSION_CODES = {
  panel: { system: PA_TEMPORARY_CODES, code: 'PAPanel', display: 'Physical Activity Panel' },
  exerciseActivity: loinc('73985-4', 'Exercise activity'),
  duration: loinc('55411-3', 'Exercise duration'),
  meanHeartRate: loinc('55425-3', 'Heart rate unspecified time mean by Pedometer'),
  maxHeartRate: loinc('55426-1', 'Heart rate unspecified time maximum by Pedometer'),
  energy: loinc('55424-6', 'Calories burned in unspecified time Pedometer'),
  heartRate: catalogCoding(assessmentByKey('heart-rate')!.code),
  bloodPressure: catalogCoding(assessmentByKey('blood-pressure')!.code),
  sets: local('sets', 'Number of sets'),
  repetitions: local('repetitions', 'Repetitions per set'),
  load: local('load', 'Training load'),
  'rpe-borg-6-20': local('rpe-borg-6-20', 'Rating of perceived exertion, Borg 6-20 scale'),
  'rpe-cr-10': local('rpe-cr-10', 'Rating of perceived exertion, CR-10 scale'),
  adverseEvent: local('exercise-adverse-event', 'Adverse event during exercise'),
  severity: local('adverse-event-severity', 'Severity of the adverse event'),
  actionTaken: local('adverse-event-action', 'Action taken'),
} as const satisfies Record<string, SessionCoding>;

type SessionCodeKey = keyof typeof SESSION_CODES;

/** The codes of every Observation a session may write, for finding them again. */
export const SESSION_OBSERVATION_CODES: readonly Coding[] = (
  [
    'panel',
    'exerciseActivity',
    'duration',
    'meanHeartRate',
    'maxHeartRate',
    'energy',
    'heartRate',
    'bloodPressure',
    'rpe-borg-6-20',
    'rpe-cr-10',
    'adverseEvent',
  ] as const
).map((key) => SESSION_CODES[key]);

const ADVERSE_EVENT_SEVERITY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/adverse-event-severity';

export type ExerciseTiming = 'pre-exercise' | 'post-exercise';

/** What every session Observation shares. */
export interface SessionObservationContext {
  patientId: string;
  encounterId: string;
  date: string;
  performer?: Reference<Practitioner>;
}

export function concept(key: SessionCodeKey): CodeableConcept {
  const coding = SESSION_CODES[key];
  return { coding: [coding], text: coding.display };
}

export function isCoded(observation: Observation, key: SessionCodeKey): boolean {
  const { system, code } = SESSION_CODES[key];
  return hasCoding(observation.code, system, code);
}

function componentOf(observation: Observation, key: SessionCodeKey): ObservationComponent | undefined {
  const { system, code } = SESSION_CODES[key];
  return observation.component?.find((component) => hasCoding(component.code, system, code));
}

function sessionObservation(context: SessionObservationContext, code: CodeableConcept, category: CodeableConcept[]): Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    category,
    code,
    subject: patientReference(context.patientId),
    encounter: { reference: `Encounter/${context.encounterId}` },
    effectiveDateTime: context.date,
    ...(context.performer ? { performer: [context.performer] } : {}),
  };
}

const activityCategories = () => [observationCategory('activity'), PHYSICAL_ACTIVITY_CATEGORY];

/** A PA IG activity measure with a UCUM value (duration, heart rate, energy, RPE). */
export function activityMeasure(
  context: SessionObservationContext,
  key: SessionCodeKey,
  value: number,
  unit: string,
): Observation {
  return { ...sessionObservation(context, concept(key), activityCategories()), valueQuantity: ucumQuantity(value, unit) };
}

/**
 * The PAPanel grouping the session's activity measures, in order; the session notes are its note.
 * @see https://hl7.org/fhir/us/physical-activity/measures.html
 */
export function activityPanel(
  context: SessionObservationContext,
  memberIds: readonly string[],
  notes: string | undefined,
): Observation {
  return {
    ...sessionObservation(context, concept('panel'), activityCategories()),
    hasMember: memberIds.map((id) => ({ reference: `Observation/${id}` })),
    ...(notes ? { note: [{ text: notes }] } : {}),
  };
}

/** One exercise: LOINC 73985-4 with the exercise as text, sets/reps/load/duration as components. */
export function exerciseObservation(context: SessionObservationContext, exercise: ExerciseEntry): Observation {
  const component: ObservationComponent[] = [
    ...(exercise.sets !== undefined ? [{ code: concept('sets'), valueInteger: exercise.sets }] : []),
    ...(exercise.reps !== undefined ? [{ code: concept('repetitions'), valueInteger: exercise.reps }] : []),
    ...(exercise.load ? [{ code: concept('load'), valueQuantity: ucumQuantity(exercise.load.value, exercise.load.unit) }] : []),
    ...(exercise.durationMinutes !== undefined
      ? [{ code: concept('duration'), valueQuantity: ucumQuantity(exercise.durationMinutes, 'min') }]
      : []),
  ];
  return {
    ...sessionObservation(context, concept('exerciseActivity'), activityCategories()),
    valueCodeableConcept: { text: exercise.name },
    ...(component.length ? { component } : {}),
    ...(exercise.note ? { note: [{ text: exercise.note }] } : {}),
  };
}

export function exerciseFromObservation(observation: Observation): ExerciseEntry | undefined {
  const name = observation.valueCodeableConcept?.text ?? observation.valueCodeableConcept?.coding?.[0]?.display;
  if (!name) return undefined;
  const sets = componentOf(observation, 'sets')?.valueInteger;
  const reps = componentOf(observation, 'repetitions')?.valueInteger;
  const load = readUcumQuantity(componentOf(observation, 'load')?.valueQuantity);
  const duration = readUcumQuantity(componentOf(observation, 'duration')?.valueQuantity);
  const note = noteText(observation);
  return {
    name,
    ...(sets !== undefined ? { sets } : {}),
    ...(reps !== undefined ? { reps } : {}),
    ...(load && isLoadUnit(load.unit) ? { load: { value: load.value, unit: load.unit } } : {}),
    ...(duration?.unit === 'min' ? { durationMinutes: duration.value } : {}),
    ...(note ? { note } : {}),
  };
}

export function rpeObservation(context: SessionObservationContext, rpe: RatingOfPerceivedExertion): Observation {
  return activityMeasure(context, `rpe-${rpe.scale}`, rpe.value, '{score}');
}

export function rpeFromObservation(observation: Observation): RatingOfPerceivedExertion | undefined {
  const scales = Object.keys(RPE_SCALES) as RpeScale[];
  const scale = scales.find((candidate) => isCoded(observation, `rpe-${candidate}`));
  const value = observation.valueQuantity?.value;
  return scale && value !== undefined ? { scale, value } : undefined;
}

/**
 * A heart rate or blood pressure taken before or after exercise: a vital-signs Observation (the
 * catalog's code and unit) marked with the exercise-timing extension.
 * @see https://hl7.org/fhir/R4/observation-vitalsigns.html
 */
export function vitalSignObservation(
  context: SessionObservationContext,
  timing: ExerciseTiming,
  reading: { heartRate: number } | { bloodPressure: BloodPressureReading },
): Observation {
  const categories = [observationCategory('vital-signs'), PHYSICAL_ACTIVITY_CATEGORY];
  const base: Observation = {
    ...sessionObservation(context, 'heartRate' in reading ? concept('heartRate') : concept('bloodPressure'), categories),
    extension: [{ url: EXERCISE_TIMING_EXTENSION, valueCode: timing }],
  };
  if ('heartRate' in reading) return { ...base, valueQuantity: ucumQuantity(reading.heartRate, '/min') };
  const bloodPressure = assessmentByKey('blood-pressure')!;
  return {
    ...base,
    component: (bloodPressure.components ?? []).map((component) => ({
      code: { coding: [catalogCoding(component.code)], text: component.code.display },
      valueQuantity: ucumQuantity(reading.bloodPressure[component.key as keyof BloodPressureReading], bloodPressure.unit),
    })),
  };
}

export function exerciseTiming(observation: Observation): ExerciseTiming | undefined {
  const value = observation.extension?.find((extension) => extension.url === EXERCISE_TIMING_EXTENSION)?.valueCode;
  return value === 'pre-exercise' || value === 'post-exercise' ? value : undefined;
}

export function bloodPressureFromObservation(observation: Observation): BloodPressureReading | undefined {
  const bloodPressure = assessmentByKey('blood-pressure')!;
  const value = (key: string) => {
    const code = bloodPressure.components?.find((component) => component.key === key)?.code;
    if (!code) return undefined;
    const { system } = catalogCoding(code);
    return observation.component?.find((component) => hasCoding(component.code, system, code.code))?.valueQuantity?.value;
  };
  const systolic = value('systolic');
  const diastolic = value('diastolic');
  return systolic !== undefined && diastolic !== undefined ? { systolic, diastolic } : undefined;
}

/**
 * An adverse event during the session: what happened (valueString), its severity (the FHIR
 * adverse-event-severity codes) and the action taken, as components.
 * MetBridge does not serve the AdverseEvent resource; see encounter.ts.
 */
export function adverseEventObservation(context: SessionObservationContext, event: AdverseEvent): Observation {
  return {
    ...sessionObservation(context, concept('adverseEvent'), [PHYSICAL_ACTIVITY_CATEGORY]),
    valueString: event.description,
    component: [
      {
        code: concept('severity'),
        valueCodeableConcept: { coding: [{ system: ADVERSE_EVENT_SEVERITY_SYSTEM, code: event.severity }] },
      },
      ...(event.actionTaken ? [{ code: concept('actionTaken'), valueString: event.actionTaken }] : []),
    ],
  };
}

export function adverseEventFromObservation(observation: Observation): AdverseEvent | undefined {
  const severityCode = codeFrom(componentOf(observation, 'severity')?.valueCodeableConcept, ADVERSE_EVENT_SEVERITY_SYSTEM);
  const severity = ADVERSE_EVENT_SEVERITIES.find((candidate) => candidate === severityCode);
  const actionTaken = componentOf(observation, 'actionTaken')?.valueString;
  if (!observation.valueString || !severity) return undefined;
  return { description: observation.valueString, severity, ...(actionTaken ? { actionTaken } : {}) };
}

export function noteText(observation: Observation): string | undefined {
  const text = observation.note?.map((annotation) => annotation.text).join('\n\n');
  return text || undefined;
}

function isLoadUnit(unit: string): unit is (typeof LOAD_UNITS)[number] {
  return (LOAD_UNITS as readonly string[]).includes(unit);
}
