import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../../src/lib/backoff';

describe('backoffDelayMs', () => {
  it('doubles from the first delay, capped, with the jitter in the upper half of each step', () => {
    expect(backoffDelayMs(1, 10_000, 3_600_000, () => 0)).toBe(5_000);
    expect(backoffDelayMs(1, 10_000, 3_600_000, () => 0.999999)).toBe(10_000);
    expect(backoffDelayMs(3, 10_000, 3_600_000, () => 0)).toBe(20_000);
    expect(backoffDelayMs(30, 10_000, 3_600_000, () => 0)).toBe(1_800_000);
  });

  it('stays within its step with the real random source', () => {
    for (let i = 0; i < 50; i++) {
      const delay = backoffDelayMs(2, 10_000, 3_600_000);
      expect(delay).toBeGreaterThanOrEqual(10_000);
      expect(delay).toBeLessThanOrEqual(20_000);
    }
  });
});
