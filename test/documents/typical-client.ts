import type { Assessment } from '../../src/domain/assessment';
import type { Diagnosis } from '../../src/domain/diagnosis';
import type { Goal } from '../../src/domain/goal';
import type { ProgressReportInput } from '../../src/domain/progress-report/progress-report';
import type { Session } from '../../src/domain/session';

/**
 * A typical client for report tests: three months after a stroke, with hypertension; four goals,
 * six key assessments measured monthly, two sessions a week with one mild adverse event.
 */

export const CLIENT_ID = '7d1f3a52-9c1e-4f7a-8a55-0d3c2b1e9f10';
const ids = (() => {
  let next = 0;
  return () => `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}`;
})();

export const PERIOD = { start: '2026-01-05', end: '2026-03-29' };

export const DIAGNOSES: Diagnosis[] = [
  { id: ids(), clientId: CLIENT_ID, code: 'I63.9', display: 'Cerebral infarction, unspecified', onset: '2025-11-20', verificationStatus: 'confirmed', clinicalStatus: 'active' },
  { id: ids(), clientId: CLIENT_ID, code: 'I10', display: 'Essential (primary) hypertension', verificationStatus: 'confirmed', clinicalStatus: 'active' },
  { id: ids(), clientId: CLIENT_ID, code: 'M17.11', display: 'Unilateral primary osteoarthritis, right knee', verificationStatus: 'refuted' },
];

const goal = (measure: string, baseline: number, target: number, unit: string, description: string): Goal => ({
  id: ids(),
  clientId: CLIENT_ID,
  term: 'short-term',
  measure,
  baseline,
  target,
  unit,
  dueDate: '2026-04-15',
  description,
  lifecycleStatus: 'active',
  achievementStatus: 'in-progress',
});

export const GOALS: Goal[] = [
  goal('6mwt', 300, 400, 'm', 'Walk 400 m in six minutes'),
  goal('tug', 14, 10, 's', 'Timed Up and Go under 10 s'),
  goal('30s-chair-stand', 8, 12, '{#}', '12 chair stands in 30 s'),
  goal('gait-speed', 0.7, 0.9, 'm/s', 'Gait speed 0.9 m/s'),
];

const MONTHLY = ['2026-01-06', '2026-02-03', '2026-03-03', '2026-03-24'];
const series: Record<string, number[]> = {
  '6mwt': [305, 338, 372, 402],
  tug: [13.8, 12.6, 11.9, 11.2],
  '30s-chair-stand': [8, 9, 10, 10],
  'gait-speed': [0.71, 0.76, 0.82, 0.86],
  'grip-right': [24.5, 25.1, 26.4, 27],
};

export const ASSESSMENTS: Assessment[] = [
  ...Object.entries(series).flatMap(([type, values]) =>
    values.map((value, index): Assessment => {
      const unit = { '6mwt': 'm', tug: 's', '30s-chair-stand': '{#}', 'gait-speed': 'm/s', 'grip-right': 'kg' }[type]!;
      return { id: ids(), clientId: CLIENT_ID, type, value, unit, performedAt: `${MONTHLY[index]}T10:00:00-05:00` };
    }),
  ),
  ...[[148, 92], [142, 88], [136, 84], [131, 82]].map(([systolic, diastolic], index): Assessment => ({
    id: ids(),
    clientId: CLIENT_ID,
    type: 'blood-pressure',
    components: { systolic: systolic!, diastolic: diastolic! },
    unit: 'mm[Hg]',
    performedAt: `${MONTHLY[index]}T09:50:00-05:00`,
  })),
];

/** Two sessions a week (Tuesday and Thursday) for twelve weeks, two missed; one mild adverse event. */
export const SESSIONS: Session[] = Array.from({ length: 24 }, (_, index) => {
  const day = new Date(Date.UTC(2026, 0, 6) + (Math.floor(index / 2) * 7 + (index % 2) * 2) * 86_400_000);
  return { index, date: `${day.toISOString().slice(0, 10)}T09:00:00-05:00` };
})
  .filter(({ index }) => index !== 7 && index !== 15)
  .map(({ index, date }): Session => ({
    id: ids(),
    clientId: CLIENT_ID,
    date,
    durationMinutes: 45,
    exercises: [{ name: 'Treadmill walking', durationMinutes: 20 }, { name: 'Sit-to-stand', sets: 3, reps: 10 }],
    adverseEvents:
      index === 9
        ? [{ description: 'Light-headedness after treadmill walking', severity: 'mild', actionTaken: 'Seated rest, BP rechecked; resolved in 5 minutes' }]
        : [],
  }));

export function typicalReportInput(overrides: Partial<ProgressReportInput> = {}): ProgressReportInput {
  return {
    kind: 'interim',
    period: PERIOD,
    issuedAt: '2026-03-30T15:00:00Z',
    client: { id: CLIENT_ID, firstName: 'Ana', lastName: 'Rivera', birthDate: '1958-04-12', gender: 'female' },
    practice: { name: 'Stride Medical Exercise', npi: '1234567893', address: '12 Harbor St, Portland, ME 04101', phone: '207-555-0142', directAddress: 'intake@direct.stride.example' },
    trainer: { name: 'Dana Okafor' },
    physician: { name: 'Dr. Miriam Chen', npi: '1245319599' },
    referral: { taskId: '11111111-2222-4333-8444-555555555555', service: 'Exercise therapy after stroke, 2×/week for 12 weeks', authoredOn: '2025-12-18' },
    diagnoses: DIAGNOSES,
    goals: GOALS,
    assessments: ASSESSMENTS,
    sessions: SESSIONS,
    planned: { frequency: 2, period: 1, periodUnit: 'wk' },
    narrative:
      'Ms. Rivera has attended consistently and tolerates moderate-intensity aerobic and lower-limb strengthening work well. ' +
      'Walking endurance and gait speed improved steadily; sit-to-stand capacity has plateaued over the last month. ' +
      'Resting blood pressure has trended down. One episode of light-headedness after treadmill walking resolved with seated rest.',
    nextSteps:
      'Continue two supervised sessions a week for four more weeks; progress sit-to-stand with added load; introduce outdoor walking on uneven ground. ' +
      'Reassess all goals on Apr 14, 2026 and send the final report.',
    ...overrides,
  };
}
