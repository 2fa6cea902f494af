import type { Observation, Patient } from '@medplum/fhirtypes';

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const PRACTICE_IDENTIFIERS = 'urn:metbridge:bench:assessment';

/** A few assessments of the catalog in DESIGN.md, so that codes and units vary between rows. */
const ASSESSMENTS = [
  { code: '64098-7', display: '6 minute walk distance', unit: 'm', low: 180, high: 620 },
  { code: '89423-8', display: 'Timed Up and Go', unit: 's', low: 6, high: 30 },
  { code: '83172-7', display: 'Gait speed 4 meter', unit: 'm/s', low: 0.4, high: 1.6 },
  { code: '66247-8', display: '30 second chair stand', unit: '{#}', low: 4, high: 22 },
  { code: '8867-4', display: 'Heart rate', unit: '/min', low: 52, high: 120 },
] as const;

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
export function benchObservation(sequence: number, patientId: string, revision = 0): Observation {
  const assessment = ASSESSMENTS[sequence % ASSESSMENTS.length]!;
  const value = measuredValue(assessment, sequence + revision);
  const effective = new Date(Date.UTC(2025, 0, 1) + sequence * 3_600_000).toISOString();
  return {
    resourceType: 'Observation',
    meta: { profile: ['http://hl7.org/fhir/us/core/StructureDefinition/us-core-observation-clinical-result'] },
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
            code: 'exam',
            display: 'Exam',
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
