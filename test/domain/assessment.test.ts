import { describe, expect, it } from 'vitest';
import { checkAssessment } from '../../src/domain/assessment';

describe('checking an assessment against the catalog', () => {
  it('keeps a value given in the catalog unit exactly', () => {
    const checked = checkAssessment({ type: '6mwt', value: 420, unit: 'm', performedAt: '2025-01-10' });
    expect(checked).toMatchObject({ ok: true, record: { type: '6mwt', value: 420, unit: 'm', performedAt: '2025-01-10' } });
  });

  it('defaults the unit to the catalog unit', () => {
    expect(checkAssessment({ type: 'tug', value: 12.4, performedAt: '2025-01-10' })).toMatchObject({ ok: true, record: { value: 12.4, unit: 's' } });
  });

  it('converts accepted units to the catalog unit, to 3 decimals', () => {
    expect(checkAssessment({ type: 'grip-right', value: 50, unit: '[lbf_av]', performedAt: '2025-01-10' })).toMatchObject({
      ok: true,
      record: { value: 22.68, unit: 'kg' },
    });
    expect(checkAssessment({ type: '6mwt', value: 1312, unit: '[ft_i]', performedAt: '2025-01-10' })).toMatchObject({ record: { value: 399.898 } });
  });

  it('names the valid types for an unknown one', () => {
    const checked = checkAssessment({ type: 'vo2max', value: 30, performedAt: '2025-01-10' });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems).toEqual([{ kind: 'invalid', field: 'type', message: expect.stringContaining('Valid types: 6mwt, tug') }]);
  });

  it('refuses a unit that does not convert to the catalog unit, naming the accepted ones', () => {
    const checked = checkAssessment({ type: '6mwt', value: 420, unit: 's', performedAt: '2025-01-10' });
    expect(checked).toEqual({ ok: false, problems: [{ kind: 'invalid', field: 'unit', message: expect.stringContaining('m, [ft_i], km') }] });
  });

  it('refuses implausible values after conversion', () => {
    const checked = checkAssessment({ type: '6mwt', value: 9000, performedAt: '2025-01-10' });
    expect(checked).toEqual({ ok: false, problems: [{ kind: 'implausible', field: 'value', message: expect.stringContaining('0–1000 m') }] });
  });

  it('takes a blood pressure as its components and checks each range', () => {
    expect(checkAssessment({ type: 'blood-pressure', components: { systolic: 128, diastolic: 82 }, performedAt: '2025-01-10' })).toMatchObject({
      ok: true,
      record: { components: { systolic: 128, diastolic: 82 }, unit: 'mm[Hg]' },
    });
    const implausible = checkAssessment({ type: 'blood-pressure', components: { systolic: 400, diastolic: 82 }, performedAt: '2025-01-10' });
    expect(implausible).toMatchObject({ ok: false, problems: [{ kind: 'implausible', field: 'components.systolic' }] });
  });

  it('says what a panel needs when given a single value', () => {
    const checked = checkAssessment({ type: 'blood-pressure', value: 120, performedAt: '2025-01-10' });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems.map((problem) => problem.field)).toEqual(['value', 'components.systolic', 'components.diastolic']);
  });
});
