import { describe, expect, it } from 'vitest';
import { normalizeSearchString } from '../../../src/fhir/search/normalize';

describe('normalizeSearchString (FHIR R4 search.html#string)', () => {
  it('lower-cases', () => {
    expect(normalizeSearchString('McDONALD')).toBe('mcdonald');
  });

  it('removes accents and other diacritics', () => {
    expect(normalizeSearchString('Müller')).toBe('muller');
    expect(normalizeSearchString('Zoë Ångström-Øberg')).toBe('zoe angstrom-øberg');
    expect(normalizeSearchString('Françoise Núñez')).toBe('francoise nunez');
  });

  it('treats composed and decomposed forms of the same letter alike', () => {
    expect(normalizeSearchString('Jose\u0301')).toBe(normalizeSearchString('Jos\u00e9'));
  });

  it('collapses runs of white space and trims the ends', () => {
    expect(normalizeSearchString('  Anna \t Maria\n')).toBe('anna maria');
  });

  it('keeps punctuation and digits', () => {
    expect(normalizeSearchString("O'Brien-Smith 3rd")).toBe("o'brien-smith 3rd");
  });

  it('turns white space alone into the empty string', () => {
    expect(normalizeSearchString(' \n ')).toBe('');
  });
});
