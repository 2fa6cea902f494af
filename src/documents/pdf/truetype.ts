/**
 * What a PDF needs from a TrueType font, read from its tables: which glyph draws each character
 * (`cmap`), how wide each glyph is (`hmtx`), the vertical metrics and bounding box (`head`,
 * `hhea`, `OS/2`), the italic angle (`post`) and where each glyph's outline lives (`loca`,
 * `glyf`) for subsetting. Pure: bytes in, metrics out.
 * @see https://learn.microsoft.com/en-us/typography/opentype/spec/otff
 */

export interface TableRecord {
  tag: string;
  offset: number;
  length: number;
}

export interface TrueTypeFace {
  bytes: Uint8Array;
  tables: ReadonlyMap<string, TableRecord>;
  unitsPerEm: number;
  numGlyphs: number;
  /** In font units. */
  ascent: number;
  descent: number;
  capHeight: number;
  xHeight: number;
  bbox: readonly [number, number, number, number];
  italicAngle: number;
  /** Character code point → glyph id. */
  glyphs: ReadonlyMap<number, number>;
  /** Advance width of each glyph id, in font units. */
  advances: Uint16Array;
}

export class FontFormatError extends Error {}

export function parseTrueType(bytes: Uint8Array): TrueTypeFace {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(0);
  if (version !== 0x00010000 && version !== 0x74727565) throw new FontFormatError('Not a TrueType font (glyf outlines).');
  const tables = new Map<string, TableRecord>();
  for (let i = 0, count = view.getUint16(4); i < count; i++) {
    const at = 12 + i * 16;
    const tag = String.fromCharCode(...bytes.subarray(at, at + 4));
    tables.set(tag, { tag, offset: view.getUint32(at + 8), length: view.getUint32(at + 12) });
  }
  const table = (tag: string): number => {
    const record = tables.get(tag);
    if (!record) throw new FontFormatError(`The font has no ${tag} table.`);
    return record.offset;
  };

  const head = table('head');
  const hhea = table('hhea');
  const numGlyphs = view.getUint16(table('maxp') + 4);
  const os2 = tables.get('OS/2')?.offset;
  const os2Version = os2 === undefined ? -1 : view.getUint16(os2);
  const ascent = view.getInt16(hhea + 4);
  return {
    bytes,
    tables,
    unitsPerEm: view.getUint16(head + 18),
    numGlyphs,
    ascent,
    descent: view.getInt16(hhea + 6),
    capHeight: os2 !== undefined && os2Version >= 2 ? view.getInt16(os2 + 88) : ascent,
    xHeight: os2 !== undefined && os2Version >= 2 ? view.getInt16(os2 + 86) : 0,
    bbox: [view.getInt16(head + 36), view.getInt16(head + 38), view.getInt16(head + 40), view.getInt16(head + 42)],
    italicAngle: tables.has('post') ? view.getInt32(table('post') + 4) / 65536 : 0,
    glyphs: readCmap(view, table('cmap')),
    advances: readAdvances(view, table('hmtx'), view.getUint16(hhea + 34), numGlyphs),
  };
}

/** Advance widths: `numberOfHMetrics` long metrics, the last width repeating for the glyphs after them. */
function readAdvances(view: DataView, hmtx: number, numberOfHMetrics: number, numGlyphs: number): Uint16Array {
  const advances = new Uint16Array(numGlyphs);
  let last = 0;
  for (let glyph = 0; glyph < numGlyphs; glyph++) {
    if (glyph < numberOfHMetrics) last = view.getUint16(hmtx + glyph * 4);
    advances[glyph] = last;
  }
  return advances;
}

/**
 * The Unicode mapping: a format 12 subtable (full Unicode) when present, else format 4 (BMP),
 * from the Windows Unicode or Unicode platform.
 * @see https://learn.microsoft.com/en-us/typography/opentype/spec/cmap
 */
function readCmap(view: DataView, cmap: number): Map<number, number> {
  const subtables: { platform: number; encoding: number; offset: number; format: number }[] = [];
  for (let i = 0, count = view.getUint16(cmap + 2); i < count; i++) {
    const at = cmap + 4 + i * 8;
    const offset = cmap + view.getUint32(at + 4);
    subtables.push({ platform: view.getUint16(at), encoding: view.getUint16(at + 2), offset, format: view.getUint16(offset) });
  }
  const unicode = subtables.filter(({ platform, encoding }) => platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10)));
  const full = unicode.find((subtable) => subtable.format === 12);
  if (full) return readFormat12(view, full.offset);
  const bmp = unicode.find((subtable) => subtable.format === 4);
  if (bmp) return readFormat4(view, bmp.offset);
  throw new FontFormatError('The font has no Unicode cmap subtable of format 4 or 12.');
}

function readFormat4(view: DataView, at: number): Map<number, number> {
  const glyphs = new Map<number, number>();
  const segments = view.getUint16(at + 6) / 2;
  const ends = at + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  for (let segment = 0; segment < segments; segment++) {
    const start = view.getUint16(starts + segment * 2);
    const end = view.getUint16(ends + segment * 2);
    const delta = view.getInt16(deltas + segment * 2);
    const rangeOffsetAt = rangeOffsets + segment * 2;
    const rangeOffset = view.getUint16(rangeOffsetAt);
    for (let code = start; code <= end && code !== 0xffff; code++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (code + delta) & 0xffff;
      else {
        const raw = view.getUint16(rangeOffsetAt + rangeOffset + (code - start) * 2);
        glyph = raw === 0 ? 0 : (raw + delta) & 0xffff;
      }
      if (glyph !== 0) glyphs.set(code, glyph);
    }
  }
  return glyphs;
}

function readFormat12(view: DataView, at: number): Map<number, number> {
  const glyphs = new Map<number, number>();
  for (let i = 0, groups = view.getUint32(at + 12); i < groups; i++) {
    const group = at + 16 + i * 12;
    const start = view.getUint32(group);
    const end = view.getUint32(group + 4);
    const first = view.getUint32(group + 8);
    for (let code = start; code <= end; code++) glyphs.set(code, first + (code - start));
  }
  return glyphs;
}
