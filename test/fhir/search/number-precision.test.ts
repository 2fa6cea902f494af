import { describe, expect, it } from 'vitest';
import { DECIMAL_PATTERN, decimalPlaces, halfStep } from '../../../src/fhir/search/number-precision';

describe('number precision (FHIR R4 search.html#number)', () => {
  it('counts the decimal places a number is written with, trailing zeros included', () => {
    expect(decimalPlaces('100')).toBe(0);
    expect(decimalPlaces('5.4')).toBe(1);
    expect(decimalPlaces('5.40')).toBe(2);
    expect(decimalPlaces('-0.005')).toBe(3);
  });

  it('shifts the decimal places by the exponent, never below zero', () => {
    expect(decimalPlaces('1.5e-3')).toBe(4);
    expect(decimalPlaces('2.10E3')).toBe(0);
    expect(decimalPlaces('1e2')).toBe(0);
  });

  it('gives half a unit in the last place as exact decimal text', () => {
    expect(halfStep(0)).toBe('0.5');
    expect(halfStep(1)).toBe('0.05');
    expect(halfStep(3)).toBe('0.0005');
  });

  it('accepts FHIR decimals and refuses other numerals', () => {
    for (const text of ['0', '-5', '+5', '5.4', '.5', '5.', '1e2', '1.5E-3']) {
      expect(DECIMAL_PATTERN.test(text), text).toBe(true);
    }
    for (const text of ['', '0x10', '1_000', 'Infinity', 'NaN', ' 5', '5,4', '1e']) {
      expect(DECIMAL_PATTERN.test(text), text).toBe(false);
    }
  });
});
