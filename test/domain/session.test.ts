import { describe, expect, it } from 'vitest';
import { sessionProblems } from '../../src/domain/session';

describe('checking a session', () => {
  it('accepts plausible vital signs and an RPE on its scale', () => {
    expect(
      sessionProblems({
        rpe: { scale: 'cr-10', value: 6 },
        heartRate: { pre: 70, post: 95, mean: 110, max: 130 },
        bloodPressure: { pre: { systolic: 130, diastolic: 80 } },
      }),
    ).toEqual([]);
  });

  it('refuses an RPE outside its scale as malformed', () => {
    expect(sessionProblems({ rpe: { scale: 'borg-6-20', value: 4 } })).toEqual([
      { kind: 'invalid', field: 'rpe.value', message: 'On the borg-6-20 scale, RPE is between 6 and 20.' },
    ]);
  });

  it('refuses implausible vital signs with the catalog ranges', () => {
    const problems = sessionProblems({
      heartRate: { pre: 300, mean: 150, max: 120 },
      bloodPressure: { post: { systolic: 90, diastolic: 95 } },
    });
    expect(problems.map((problem) => [problem.kind, problem.field])).toEqual([
      ['implausible', 'heartRate.pre'],
      ['implausible', 'heartRate.mean'],
      ['implausible', 'bloodPressure.post.diastolic'],
    ]);
  });
});
