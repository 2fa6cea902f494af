import type { Observation, Patient } from '@medplum/fhirtypes';

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const PRACTICE_IDENTIFIERS = 'urn:metbridge:bench:assessment';

const PROFILES = {
  'vital-signs': 'http://hl7.org/fhir/StructureDefinition/vitalsigns',
  exam: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-observation-clinical-result',
} as const;

/** An assessment of the catalog in DESIGN.md: its LOINC code, UCUM unit and plausible range. */
export interface BenchAssessment {
  /** Vital signs (US Core's vital-signs category and profile) or a functional test (exam). */
  category: 'vital-signs' | 'exam';
  code: string;
  display: string;
  unit: string;
  low: number;
  high: number;
}

/** A few assessments of the catalog, so that codes and units vary between rows. */
const ASSESSMENTS: readonly BenchAssessment[] = [
  { category: 'exam', code: '64098-7', display: '6 minute walk distance', unit: 'm', low: 180, high: 620 },
  { category: 'exam', code: '89423-8', display: 'Timed Up and Go', unit: 's', low: 6, high: 30 },
  { category: 'exam', code: '83172-7', display: 'Gait speed 4 meter', unit: 'm/s', low: 0.4, high: 1.6 },
  { category: 'exam', code: '66247-8', display: '30 second chair stand', unit: '{#}', low: 4, high: 22 },
  { category: 'vital-signs', code: '8867-4', display: 'Heart rate', unit: '/min', low: 52, high: 120 },
  { category: 'vital-signs', code: '29463-7', display: 'Body weight', unit: 'kg', low: 45, high: 140 },
  { category: 'exam', code: '72514-3', display: 'Pain severity 0-10', unit: '{score}', low: 0, high: 10 },
];

/** The store benchmark rotates through the first five. */
const ROTATION = ASSESSMENTS.slice(0, 5);

/** The catalog entry of a LOINC code used by the benchmarks. */
export function benchAssessment(code: string): BenchAssessment {
  const assessment = ASSESSMENTS.find((candidate) => candidate.code === code);
  if (!assessment) throw new Error(`${code} is not one of the benchmark's assessments.`);
  return assessment;
}

/** Which assessment an Observation records and when; by default derived from its sequence. */
export interface ObservationPlacement {
  assessment: BenchAssessment;
  effective: Date;
}

/** A client of the practice; the subject of the benchmark's Observations. */
export function benchPatient(sequence: number): Patient {
  return {
    resourceType: 'Patient',
    identifier: [{ system: 'urn:metbridge:bench:client', value: `client-${sequence}` }],
    name: [{ family: `Bench${sequence}`, given: ['Casey'] }],
    gender: sequence % 2 ? 'female' : 'male',
    birthDate: '1957-04-12',
  };
}

/**
 * An assessment result as a trainer records it: US Core-shaped, PA IG category, two identifiers,
 * two codings, an interpretation, a reference range and a note — about 1.5 KB of JSON.
 * `revision` changes the measured value and note, as an update would.
 */
export function benchObservation(
  sequence: number,
  patientId: string,
  revision = 0,
  placement?: ObservationPlacement,
): Observation {
  const assessment = placement?.assessment ?? ROTATION[sequence % ROTATION.length]!;
  const value = measuredValue(assessment, sequence + revision);
  const effective = (placement?.effective ?? new Date(Date.UTC(2025, 0, 1) + sequence * 3_600_000)).toISOString();
  return {
    resourceType: 'Observation',
    meta: { profile: [PROFILES[assessment.category]] },
    identifier: [
      { system: PRACTICE_IDENTIFIERS, value: `assessment-${sequence}` },
      { system: 'urn:ietf:rfc:3986', value: `urn:uuid:00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}` },
    ],
    status: revision === 0 ? 'final' : 'amended',
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/observation-category',
            code: assessment.category,
            display: assessment.category === 'exam' ? 'Exam' : 'Vital Signs',
          },
        ],
      },
      {
        coding: [
          {
            system: 'http://hl7.org/fhir/us/physical-activity/CodeSystem/pa-temporary-codes',
            code: 'PhysicalActivity',
            display: 'Physical Activity',
          },
        ],
      },
    ],
    code: {
      coding: [{ system: LOINC, code: assessment.code, display: assessment.display }],
      text: assessment.display,
    },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: effective,
    issued: effective,
    valueQuantity: { value, unit: assessment.unit, system: UCUM, code: assessment.unit },
    interpretation: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
            code: 'N',
            display: 'Normal',
          },
        ],
      },
    ],
    referenceRange: [
      {
        low: { value: assessment.low, unit: assessment.unit, system: UCUM, code: assessment.unit },
        high: { value: assessment.high, unit: assessment.unit, system: UCUM, code: assessment.unit },
        text: 'Age- and sex-matched community-dwelling adults',
      },
    ],
    note: [
      {
        text:
          `Assessment ${sequence}, revision ${revision}: performed with standard instructions, ` +
          'no assistive device, client reported no pain before or after the test.',
      },
    ],
  };
}

function measuredValue(assessment: { low: number; high: number }, seed: number): number {
  const spread = assessment.high - assessment.low;
  return Math.round((assessment.low + ((seed * 7919) % 1000) / 1000 * spread) * 100) / 100;
}
