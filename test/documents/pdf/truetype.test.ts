import { describe, expect, it } from 'vitest';
import { DEJAVU_SANS } from '../../../src/documents/fonts/dejavu-sans';
import { FontFormatError, parseTrueType } from '../../../src/documents/pdf/truetype';
import { subsetTrueType } from '../../../src/documents/pdf/truetype-subset';

const bytes = Uint8Array.from(atob(DEJAVU_SANS), (char) => char.charCodeAt(0));
const face = parseTrueType(bytes);

/** Byte length of each glyph's outline in a font, read back through its loca table. */
function outlineLengths(font: Uint8Array): number[] {
  const parsed = parseTrueType(font);
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const loca = parsed.tables.get('loca')!.offset;
  const long = view.getInt16(parsed.tables.get('head')!.offset + 50) === 1;
  const at = (glyph: number) => (long ? view.getUint32(loca + glyph * 4) : view.getUint16(loca + glyph * 2) * 2);
  return Array.from({ length: parsed.numGlyphs }, (_, glyph) => at(glyph + 1) - at(glyph));
}

describe('TrueType fonts', () => {
  it('reads the metrics and the Unicode mapping of DejaVu Sans', () => {
    expect(face.unitsPerEm).toBe(2048);
    expect(face.ascent).toBeGreaterThan(0);
    expect(face.descent).toBeLessThan(0);
    for (const char of 'Az09é€Ωж≥→') expect(face.glyphs.get(char.codePointAt(0)!), char).toBeGreaterThan(0);
    expect(face.glyphs.has('☃'.codePointAt(0)!)).toBe(false);
    expect(face.advances[face.glyphs.get('W'.codePointAt(0)!)!]).toBeGreaterThan(face.advances[face.glyphs.get('i'.codePointAt(0)!)!]!);
  });

  it('refuses what is not a TrueType font', () => {
    expect(() => parseTrueType(new TextEncoder().encode('%PDF-1.7 not a font at all'))).toThrow(FontFormatError);
  });

  it('subsets to the glyphs used, keeping glyph ids, .notdef and the components of composite glyphs', () => {
    const a = face.glyphs.get('a'.codePointAt(0)!)!;
    const eAcute = face.glyphs.get('é'.codePointAt(0)!)!;
    const subset = subsetTrueType(face, [a, eAcute]);
    const before = outlineLengths(bytes);
    const after = outlineLengths(subset);

    expect(after).toHaveLength(face.numGlyphs);
    expect(after[0]).toBeGreaterThan(0);
    expect(after[a]).toBe(before[a]);
    expect(after[eAcute]).toBeGreaterThan(0);
    const kept = after.filter((length) => length > 0).length;
    expect(kept).toBeGreaterThanOrEqual(3);
    expect(kept).toBeLessThan(10);
    expect(subset.length).toBeLessThan(bytes.length / 3);
    const reparsed = parseTrueType(subset);
    expect(reparsed.glyphs.get('a'.codePointAt(0)!)).toBe(a);
    expect(reparsed.advances[eAcute]).toBe(face.advances[eAcute]);
  });

  it('writes a font whose checksums add up (head.checkSumAdjustment)', () => {
    const subset = subsetTrueType(face, [face.glyphs.get('x'.codePointAt(0)!)!]);
    const view = new DataView(subset.buffer, subset.byteOffset, subset.byteLength);
    let sum = 0;
    for (let i = 0; i < subset.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
    expect(sum).toBe(0xb1b0afba);
  });
});
