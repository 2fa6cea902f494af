import { describe, expect, it } from 'vitest';
import { bytesEqual, secretsMatch } from '../../src/lib/constant-time';

describe('constant-time comparison', () => {
  it('matches equal secrets and refuses any difference, including length', async () => {
    expect(await secretsMatch('s3cret-token', 's3cret-token')).toBe(true);
    expect(await secretsMatch('s3cret-token', 's3cret-tokem')).toBe(false);
    expect(await secretsMatch('s3cret-token', 's3cret-token-longer')).toBe(false);
    expect(await secretsMatch('', 's3cret-token')).toBe(false);
  });

  it('compares bytes only when the lengths agree', () => {
    expect(bytesEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(bytesEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(bytesEqual(new Uint8Array([1]), new Uint8Array([1, 0]))).toBe(false);
  });
});
