import type { Resource } from '@medplum/fhirtypes';
import { checkAssessment } from '../../../src/domain/assessment';
import { ASSESSMENT_CATALOG } from '../../../src/domain/assessment-catalog';
import { checkGoal } from '../../../src/domain/goal';
import { GOAL_MEASURES } from '../../../src/domain/goal-measures';
import type { SessionDetails } from '../../../src/domain/session';
import { diagnosisToCondition } from '../../../src/fhir/mappers/condition';
import { sessionToFhir } from '../../../src/fhir/mappers/encounter';
import { applyGoalProgress, goalToFhir } from '../../../src/fhir/mappers/goal';
import { assessmentToObservation } from '../../../src/fhir/mappers/observation';
import { practiceToOrganization } from '../../../src/fhir/mappers/organization';
import { clientToPatient } from '../../../src/fhir/mappers/patient';
import { trainerToPractitioner } from '../../../src/fhir/mappers/practitioner';

/**
 * One or more resources from every mapper, covering their optional parts: the fixture set that
 * proves everything MetBridge emits is valid FHIR R4.
 */

export const PATIENT_ID = '0b7c4c1e-5d0e-4d4a-9a53-3f2f6f0d2a11';
export const TRAINER = { reference: 'Practitioner/6a1f0f8e-2c4b-4f7e-9f3e-1b2c3d4e5f60' };

/** Deterministic UUIDs, so fixtures are stable. */
export function sequentialIds(): () => string {
  let next = 0;
  return () => `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}`;
}

export const FULL_SESSION: SessionDetails = {
  date: '2025-02-03T09:00:00-05:00',
  durationMinutes: 45,
  exercises: [
    { name: 'Leg press', sets: 3, reps: 12, load: { value: 40, unit: 'kg' }, note: 'Slow eccentric' },
    { name: 'Treadmill walking', durationMinutes: 15 },
    { name: 'Biceps curl', sets: 2, reps: 10, load: { value: 8, unit: '[lb_av]' } },
  ],
  rpe: { scale: 'borg-6-20', value: 13 },
  heartRate: { pre: 72, post: 96, mean: 110, max: 128 },
  bloodPressure: { pre: { systolic: 132, diastolic: 84 }, post: { systolic: 138, diastolic: 82 } },
  energyKcal: 210,
  notes: 'Tolerated well; progressed the leg press.',
  adverseEvents: [
    { description: 'Light-headed after the treadmill', severity: 'mild', actionTaken: 'Seated rest, symptoms resolved in 3 minutes' },
    { description: 'Knee pain 4/10 on leg press', severity: 'moderate' },
  ],
};

export const MINIMAL_SESSION: SessionDetails = { date: '2025-02-05', durationMinutes: 30, exercises: [], adverseEvents: [] };

function mid(range: readonly [number, number]): number {
  return Math.round((range[0] + range[1]) / 2);
}

function assessmentFixtures(): Resource[] {
  return ASSESSMENT_CATALOG.map((definition, index) => {
    const checked = checkAssessment({
      type: definition.key,
      ...(definition.components
        ? { components: Object.fromEntries(definition.components.map((component) => [component.key, mid(component.range)])) }
        : { value: mid(definition.range) }),
      performedAt: index % 2 ? '2025-01-10' : '2025-01-10T10:30:00-05:00',
      ...(index % 3 ? {} : { note: 'Measured with the standard protocol.' }),
    });
    if (!checked.ok) throw new Error(`fixture for ${definition.key}: ${JSON.stringify(checked.problems)}`);
    return assessmentToObservation(checked.record, { patientId: PATIENT_ID, ...(index % 2 ? {} : { performer: TRAINER }) });
  });
}

function goalFixtures(): Resource[] {
  return GOAL_MEASURES.flatMap((measure, index) => {
    const [low, high] = measure.range;
    const [baseline, target] = measure.direction === 'increase' ? [low + (high - low) / 4, low + (high - low) / 2] : [low + (high - low) / 2, low + (high - low) / 4];
    const checked = checkGoal({
      term: index % 2 ? 'long-term' : 'short-term',
      measure: measure.key,
      baseline,
      target,
      dueDate: '2025-06-30',
      ...(index % 2 ? { startDate: '2025-01-01', note: 'Agreed with the client.' } : {}),
    });
    if (!checked.ok) throw new Error(`fixture for ${measure.key}: ${JSON.stringify(checked.problems)}`);
    const goal = goalToFhir(checked.record, { patientId: PATIENT_ID, ...(index % 2 ? { expressedBy: TRAINER } : {}) });
    if (index !== 0) return [goal];
    return [
      goal,
      applyGoalProgress(goal, { lifecycleStatus: 'completed', achievementStatus: 'achieved', latestAssessmentId: sequentialIds()(), statusDate: '2025-03-01' }),
    ];
  });
}

/** Every fixture, named for the test report. */
export function mapperFixtures(): { name: string; resource: Resource }[] {
  const named = (name: string, resources: Resource[]) => resources.map((resource, index) => ({ name: `${name} #${index + 1} (${resource.resourceType})`, resource }));
  const full = sessionToFhir(FULL_SESSION, { patientId: PATIENT_ID, performer: TRAINER, newId: sequentialIds() });
  const minimal = sessionToFhir(MINIMAL_SESSION, { patientId: PATIENT_ID, newId: sequentialIds() });
  return [
    ...named('organization', [
      practiceToOrganization({ name: 'Stride Medical Exercise' }),
      practiceToOrganization({ name: 'Stride Medical Exercise', npi: '1234567893', directAddress: 'intake@direct.stride.example' }),
    ]),
    ...named('practitioner', [trainerToPractitioner({ name: 'Dana Okafor', email: 'dana@stride.example' }), trainerToPractitioner({ name: 'Cher', email: 'cher@stride.example' })]),
    ...named('patient', [
      clientToPatient({ firstName: 'Ana', lastName: 'Rivera', birthDate: '1958-04-12', gender: 'female' }, PATIENT_ID),
      clientToPatient({ firstName: 'Mary Ann', lastName: 'Lee', birthDate: '1949-12-01', gender: 'other', email: 'mal@example.org', phone: '+1 555 0100' }, PATIENT_ID),
    ]),
    ...named('condition', [
      diagnosisToCondition(
        {
          code: 'I63.9',
          display: 'Cerebral infarction, unspecified',
          onset: '2024-11-02',
          sourcePhysician: { name: 'Dr. Jane Lee', npi: '1234567893' },
          verificationStatus: 'confirmed',
          note: 'Left hemiparesis.',
        },
        { patientId: PATIENT_ID, recorder: TRAINER, recordedDate: '2025-01-05T14:00:00Z' },
      ),
      diagnosisToCondition({ code: 'M17.11', verificationStatus: 'provisional', clinicalStatus: 'remission', sourcePhysician: { name: 'Dr. Ortiz' } }, { patientId: PATIENT_ID }),
      diagnosisToCondition({ code: 'E11.9', verificationStatus: 'entered-in-error' }, { patientId: PATIENT_ID }),
    ]),
    ...named('assessment', assessmentFixtures()),
    ...named('goal', goalFixtures()),
    ...named('full session', [full.encounter, ...full.observations]),
    ...named('minimal session', [minimal.encounter, ...minimal.observations]),
  ];
}
