import { assessmentByKey, isPlausible } from './assessment-catalog';

/**
 * An exercise session the client attended: what was done (exercises with sets, repetitions and
 * load), how hard it felt, the vital signs before and after, and anything that went wrong.
 */

/** UCUM units a training load may be recorded in. */
export const LOAD_UNITS = ['kg', '[lb_av]'] as const;
export type LoadUnit = (typeof LOAD_UNITS)[number];

/**
 * Rating of perceived exertion scales and their bounds: Borg's 6–20 scale and the category-ratio
 * CR-10 scale (used for session RPE).
 */
export const RPE_SCALES = { 'borg-6-20': [6, 20], 'cr-10': [0, 10] } as const satisfies Record<string, readonly [number, number]>;
export type RpeScale = keyof typeof RPE_SCALES;

/** @see https://hl7.org/fhir/R4/valueset-adverse-event-severity.html */
export const ADVERSE_EVENT_SEVERITIES = ['mild', 'moderate', 'severe'] as const;
export type AdverseEventSeverity = (typeof ADVERSE_EVENT_SEVERITIES)[number];

export interface ExerciseEntry {
  name: string;
  sets?: number;
  reps?: number;
  load?: { value: number; unit: LoadUnit };
  durationMinutes?: number;
  note?: string;
}

export interface BloodPressureReading {
  systolic: number;
  diastolic: number;
}

/** Heart rate in beats per minute: before and after the session, and its mean and maximum during it. */
export interface SessionHeartRate {
  pre?: number;
  post?: number;
  mean?: number;
  max?: number;
}

export interface RatingOfPerceivedExertion {
  scale: RpeScale;
  value: number;
}

export interface AdverseEvent {
  description: string;
  severity: AdverseEventSeverity;
  actionTaken?: string;
}

export interface SessionDetails {
  /** When the session started: `YYYY-MM-DD` or a date-time with offset. */
  date: string;
  durationMinutes: number;
  exercises: ExerciseEntry[];
  rpe?: RatingOfPerceivedExertion;
  heartRate?: SessionHeartRate;
  bloodPressure?: { pre?: BloodPressureReading; post?: BloodPressureReading };
  energyKcal?: number;
  notes?: string;
  adverseEvents: AdverseEvent[];
}

export interface Session extends SessionDetails {
  id: string;
  clientId: string;
}

export interface SessionProblem {
  kind: 'invalid' | 'implausible';
  field: string;
  message: string;
}

/** Energy expenditure above this for one session is refused as implausible. */
const MAX_SESSION_KCAL = 5000;

/**
 * Every problem with a session: RPE outside its scale is malformed (`invalid`); vital signs
 * outside the catalog's plausible ranges, or a mean heart rate above the maximum, are refused
 * (`implausible`).
 */
export function sessionProblems(session: Partial<SessionDetails>): SessionProblem[] {
  const problems: SessionProblem[] = [];
  const rpe = session.rpe;
  if (rpe && typeof rpe.value === 'number' && Object.hasOwn(RPE_SCALES, rpe.scale)) {
    const [low, high] = RPE_SCALES[rpe.scale];
    if (!(rpe.value >= low && rpe.value <= high)) {
      const message = `On the ${rpe.scale} scale, RPE is between ${low} and ${high}.`;
      problems.push({ kind: 'invalid', field: 'rpe.value', message });
    }
  }
  const heartRate = assessmentByKey('heart-rate')!;
  for (const key of ['pre', 'post', 'mean', 'max'] as const) {
    const value = session.heartRate?.[key];
    if (value !== undefined && !isPlausible(heartRate.range, value)) {
      problems.push(implausibleRange(`heartRate.${key}`, 'Heart rate', value, heartRate.range, heartRate.unit));
    }
  }
  const { mean, max } = session.heartRate ?? {};
  if (mean !== undefined && max !== undefined && mean > max) {
    problems.push({ kind: 'implausible', field: 'heartRate.mean', message: 'The mean heart rate cannot exceed the maximum.' });
  }
  const bloodPressure = assessmentByKey('blood-pressure')!;
  for (const when of ['pre', 'post'] as const) {
    const reading = session.bloodPressure?.[when];
    if (!reading) continue;
    for (const component of bloodPressure.components ?? []) {
      const value = reading[component.key as keyof BloodPressureReading];
      if (!isPlausible(component.range, value)) {
        const field = `bloodPressure.${when}.${component.key}`;
        problems.push(implausibleRange(field, `${component.key} pressure`, value, component.range, bloodPressure.unit));
      }
    }
    if (reading.diastolic >= reading.systolic) {
      const message = 'The diastolic pressure must be below the systolic.';
      problems.push({ kind: 'implausible', field: `bloodPressure.${when}.diastolic`, message });
    }
  }
  if (session.energyKcal !== undefined && session.energyKcal > MAX_SESSION_KCAL) {
    problems.push(implausibleRange('energyKcal', 'Energy expenditure', session.energyKcal, [0, MAX_SESSION_KCAL], 'kcal'));
  }
  return problems;
}

function implausibleRange(
  field: string,
  what: string,
  value: number,
  [low, high]: readonly [number, number],
  unit: string,
): SessionProblem {
  const message = `${what} ${value} ${unit} is outside the plausible range ${low}–${high} ${unit}.`;
  return { kind: 'implausible', field, message };
}
