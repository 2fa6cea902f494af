import { describe, expect, it } from 'vitest';
import { isValidNpi } from '../../src/domain/npi';

describe('isValidNpi', () => {
  it('accepts NPIs whose Luhn check digit (over the 80840 prefix) is right', () => {
    expect(isValidNpi('1234567893')).toBe(true);
    expect(isValidNpi('1245319599')).toBe(true);
  });

  it('refuses a wrong check digit, wrong length or non-digits', () => {
    expect(isValidNpi('1234567890')).toBe(false);
    expect(isValidNpi('123456789')).toBe(false);
    expect(isValidNpi('12345678931')).toBe(false);
    expect(isValidNpi('12345678a3')).toBe(false);
  });
});
