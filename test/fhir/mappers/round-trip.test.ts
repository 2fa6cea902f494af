import type { Condition, Goal as FhirGoal, Observation, Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { checkAssessment } from '../../../src/domain/assessment';
import { checkGoal } from '../../../src/domain/goal';
import { conditionToDiagnosis, diagnosisToCondition } from '../../../src/fhir/mappers/condition';
import { sessionFromFhir, sessionToFhir } from '../../../src/fhir/mappers/encounter';
import { applyGoalProgress, goalFromFhir, goalToFhir } from '../../../src/fhir/mappers/goal';
import { assessmentToObservation, observationToAssessment } from '../../../src/fhir/mappers/observation';
import { clientToPatient, patientToClient } from '../../../src/fhir/mappers/patient';
import { FULL_SESSION, MINIMAL_SESSION, PATIENT_ID, sequentialIds, TRAINER } from './mapper-fixtures';

const withId = <T extends object>(resource: T, id = '11111111-1111-4111-8111-111111111111') => ({ ...resource, id });

describe('mappers give back what they were given', () => {
  it('client ↔ Patient', () => {
    const client = { firstName: 'Mary Ann', lastName: 'Lee', birthDate: '1949-12-01', gender: 'female' as const, email: 'mal@example.org', phone: '+1 555 0100' };
    const patient = clientToPatient(client, PATIENT_ID);
    expect(patient).toMatchObject({ identifier: [{ value: PATIENT_ID }], name: [{ use: 'official', family: 'Lee', given: ['Mary Ann'] }] });
    expect(patientToClient(withId(patient, PATIENT_ID))).toEqual({ id: PATIENT_ID, ...client });
  });

  it('diagnosis ↔ Condition', () => {
    const diagnosis = {
      code: 'I63.9',
      display: 'Cerebral infarction, unspecified',
      onset: '2024-11-02',
      sourcePhysician: { name: 'Dr. Jane Lee', npi: '1234567893' },
      verificationStatus: 'confirmed' as const,
      clinicalStatus: 'active' as const,
      note: 'Left hemiparesis.',
    };
    const condition = withId(diagnosisToCondition(diagnosis, { patientId: PATIENT_ID, recorder: TRAINER }));
    expect(conditionToDiagnosis(condition)).toEqual({ id: condition.id, clientId: PATIENT_ID, ...diagnosis });
  });

  it('assessment ↔ Observation, panels included', () => {
    for (const input of [
      { type: '6mwt', value: 420, performedAt: '2025-01-10T10:30:00-05:00', note: 'On the 30 m course.' },
      { type: 'blood-pressure', components: { systolic: 132, diastolic: 84 }, performedAt: '2025-01-10' },
    ]) {
      const checked = checkAssessment(input);
      if (!checked.ok) throw new Error('fixture');
      const observation = withId(assessmentToObservation(checked.record, { patientId: PATIENT_ID }));
      expect(observationToAssessment(observation)).toEqual({ id: observation.id, clientId: PATIENT_ID, ...checked.record });
    }
  });

  it('goal ↔ Goal, and progress keeps what an EHR added', () => {
    const checked = checkGoal({ term: 'short-term', measure: 'tug', baseline: 14, target: 10, dueDate: '2025-06-30', startDate: '2025-01-02', note: 'Fall risk.' });
    if (!checked.ok) throw new Error('fixture');
    const goal = withId(goalToFhir(checked.record, { patientId: PATIENT_ID, expressedBy: TRAINER }));
    expect(goalFromFhir(goal)).toEqual({ goal: { id: goal.id, clientId: PATIENT_ID, ...checked.record } });

    const edited: FhirGoal & { id: string } = { ...goal, priority: { text: 'high' } };
    const progressed = applyGoalProgress(edited, { lifecycleStatus: 'completed', achievementStatus: 'achieved', latestAssessmentId: 'abc', statusDate: '2025-03-01' });
    expect(progressed).toMatchObject({ priority: { text: 'high' }, lifecycleStatus: 'completed', statusDate: '2025-03-01', outcomeReference: [{ reference: 'Observation/abc' }] });
    expect(goalFromFhir(progressed)).toMatchObject({ goal: { lifecycleStatus: 'completed', achievementStatus: 'achieved' }, latestAssessmentId: 'abc' });
  });

  it('session ↔ Encounter + Observations, in the recorded order', () => {
    for (const session of [FULL_SESSION, MINIMAL_SESSION]) {
      const { encounter, observations } = sessionToFhir(session, { patientId: PATIENT_ID, performer: TRAINER, newId: sequentialIds() });
      expect(observations.every((observation) => observation.encounter?.reference === `Encounter/${encounter.id}`)).toBe(true);
      const shuffled = [...observations].reverse();
      expect(sessionFromFhir(encounter, shuffled)).toEqual({ id: encounter.id, clientId: PATIENT_ID, ...session });
    }
  });
});

describe('reading what others wrote', () => {
  it('reads a Patient with several given names and no official use', () => {
    const patient: Patient & { id: string } = { resourceType: 'Patient', id: 'p1', name: [{ family: 'Okafor', given: ['Ada', 'N.'] }] };
    expect(patientToClient(patient)).toEqual({ id: 'p1', firstName: 'Ada N.', lastName: 'Okafor', birthDate: '', gender: 'unknown' });
  });

  it('skips a Condition without an ICD-10-CM code', () => {
    const condition: Condition & { id: string } = {
      resourceType: 'Condition',
      id: 'c1',
      subject: { reference: 'Patient/p1' },
      code: { coding: [{ system: 'http://snomed.info/sct', code: '230690007' }] },
    };
    expect(conditionToDiagnosis(condition)).toBeUndefined();
  });

  it('converts an Observation in another accepted unit, and skips one that cannot be converted', () => {
    const observation = (code: string): Observation & { id: string } => ({
      resourceType: 'Observation',
      id: 'o1',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '64098-7' }] },
      subject: { reference: 'Patient/p1' },
      effectiveDateTime: '2025-01-10',
      valueQuantity: { value: 1.2, system: 'http://unitsofmeasure.org', code },
    });
    expect(observationToAssessment(observation('km'))).toMatchObject({ type: '6mwt', value: 1200, unit: 'm' });
    expect(observationToAssessment(observation('s'))).toBeUndefined();
  });

  it('does not take a vital sign taken during a session for an assessment', () => {
    const { observations } = sessionToFhir(FULL_SESSION, { patientId: PATIENT_ID, newId: sequentialIds() });
    const heartRates = observations.filter((observation) => observation.code.coding?.[0]?.code === '8867-4');
    expect(heartRates).toHaveLength(2);
    expect(heartRates.map(observationToAssessment)).toEqual([undefined, undefined]);
  });
});
