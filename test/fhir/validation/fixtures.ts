import type { ResourceJson } from '../../../src/fhir/validation/write-candidate';

/** Valid resources for MetBridge's profiles; tests spread them and break one thing at a time. */

export const UCUM = 'http://unitsofmeasure.org';
export const LOINC = 'http://loinc.org';
export const PHYSICAL_ACTIVITY = {
  coding: [{ system: 'http://hl7.org/fhir/us/physical-activity/CodeSystem/pa-temporary-codes', code: 'PhysicalActivity' }],
};
export const VITAL_SIGNS = {
  coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }],
};

export function sixMinuteWalk(overrides: Record<string, unknown> = {}): ResourceJson {
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [PHYSICAL_ACTIVITY],
    code: { coding: [{ system: LOINC, code: '64098-7', display: 'Six minute walk test' }] },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: '2024-03-01T10:00:00Z',
    valueQuantity: { value: 420, unit: 'm', system: UCUM, code: 'm' },
    ...overrides,
  };
}

export function bloodPressure(systolic = 128, diastolic = 82, overrides: Record<string, unknown> = {}): ResourceJson {
  const component = (code: string, value: number) => ({
    code: { coding: [{ system: LOINC, code }] },
    valueQuantity: { value, unit: 'mmHg', system: UCUM, code: 'mm[Hg]' },
  });
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [VITAL_SIGNS],
    code: { coding: [{ system: LOINC, code: '85354-9' }] },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: '2024-03-01T10:00:00Z',
    component: [component('8480-6', systolic), component('8462-4', diastolic)],
    ...overrides,
  };
}

export function measurableGoal(overrides: Record<string, unknown> = {}): ResourceJson {
  return {
    resourceType: 'Goal',
    lifecycleStatus: 'active',
    description: { coding: [{ system: LOINC, code: '64098-7' }] },
    subject: { reference: 'Patient/p1' },
    target: [
      {
        measure: { coding: [{ system: LOINC, code: '64098-7' }] },
        detailQuantity: { value: 450, comparator: '>=', unit: 'm', system: UCUM, code: 'm' },
        dueDate: '2024-06-01',
      },
    ],
    ...overrides,
  };
}

export function referralTask(status = 'requested', overrides: Record<string, unknown> = {}): ResourceJson {
  return {
    resourceType: 'Task',
    status,
    intent: 'order',
    code: { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill' }] },
    focus: { reference: 'ServiceRequest/sr1' },
    for: { reference: 'Patient/p1' },
    authoredOn: '2024-03-01T09:00:00Z',
    owner: { reference: 'Organization/practice' },
    ...(['rejected', 'on-hold', 'cancelled', 'failed'].includes(status) ? { statusReason: { text: 'Because.' } } : {}),
    ...overrides,
  };
}

/** The FHIRPath expressions of a list of issues, for compact assertions. */
export function expressions(issues: { expression?: string }[]): (string | undefined)[] {
  return issues.map((issue) => issue.expression);
}
