import { describe, expect, it } from 'vitest';
import { valueTicks } from '../../../src/documents/pdf/chart';

describe('chart axis ticks', () => {
  it('spans the values and the target with rounded steps', () => {
    const ticks = valueTicks([318, 402, 400]);
    expect(ticks.min).toBeLessThanOrEqual(318);
    expect(ticks.max).toBeGreaterThanOrEqual(402);
    expect([1, 2, 2.5, 5].map((factor) => factor * 10 ** Math.floor(Math.log10(ticks.step)))).toContain(ticks.step);
    expect(ticks.values.length).toBeGreaterThanOrEqual(3);
    expect(ticks.values.length).toBeLessThanOrEqual(7);
  });

  it('handles decimals and a single repeated value', () => {
    expect(valueTicks([0.62, 0.81, 0.9]).values).toEqual([0.6, 0.7, 0.8, 0.9]);
    const flat = valueTicks([12, 12]);
    expect(flat.min).toBeLessThan(12);
    expect(flat.max).toBeGreaterThan(12);
  });
});
