import type { TrueTypeFace } from './truetype';

/**
 * A copy of a TrueType font that keeps the outlines of the given glyphs only (plus `.notdef` and
 * the components of composite glyphs). Glyph ids do not change — the outlines of the others are
 * emptied — so a PDF CIDFont can map CIDs to glyphs with `/CIDToGIDMap /Identity`. Only the
 * tables a PDF TrueType font program needs are kept.
 * @see ISO 32000-1:2008, 9.9 "Embedded Font Programs" (TrueType: head, hhea, loca, maxp, cvt, prep, glyf, hmtx, fpgm)
 * @see https://learn.microsoft.com/en-us/typography/opentype/spec/glyf
 */

const KEPT_TABLES = ['cmap', 'cvt ', 'fpgm', 'glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp', 'OS/2', 'post', 'prep'];

/** Composite glyph flags. */
const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;

export function subsetTrueType(face: TrueTypeFace, used: Iterable<number>): Uint8Array {
  const { bytes } = face;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const glyf = face.tables.get('glyf')!.offset;
  const offsets = glyphOffsets(face, view);
  const outline = (glyph: number) => bytes.subarray(glyf + offsets[glyph]!, glyf + offsets[glyph + 1]!);

  const kept = new Set<number>([0]);
  const pending = [...used];
  while (pending.length) {
    const glyph = pending.pop()!;
    if (glyph < 0 || glyph >= face.numGlyphs || kept.has(glyph)) continue;
    kept.add(glyph);
    pending.push(...componentsOf(outline(glyph)));
  }

  const loca = new DataView(new ArrayBuffer((face.numGlyphs + 1) * 4));
  const pieces: Uint8Array[] = [];
  let length = 0;
  for (let glyph = 0; glyph < face.numGlyphs; glyph++) {
    loca.setUint32(glyph * 4, length);
    if (!kept.has(glyph)) continue;
    const data = outline(glyph);
    const padded = (data.length + 3) & ~3;
    const piece = new Uint8Array(padded);
    piece.set(data);
    pieces.push(piece);
    length += padded;
  }
  loca.setUint32(face.numGlyphs * 4, length);
  const newGlyf = new Uint8Array(length);
  pieces.reduce((at, piece) => (newGlyf.set(piece, at), at + piece.length), 0);

  const headRecord = face.tables.get('head')!;
  const head = bytes.slice(headRecord.offset, headRecord.offset + headRecord.length);
  const headView = new DataView(head.buffer);
  headView.setUint32(8, 0);
  headView.setInt16(50, 1);

  const tables = new Map<string, Uint8Array>();
  for (const tag of KEPT_TABLES) {
    const record = face.tables.get(tag);
    if (record) tables.set(tag, bytes.subarray(record.offset, record.offset + record.length));
  }
  tables.set('glyf', newGlyf);
  tables.set('loca', new Uint8Array(loca.buffer));
  tables.set('head', head);
  return writeFont(tables);
}

/** Byte offsets of every glyph in `glyf`, from `loca` (short or long format). */
function glyphOffsets(face: TrueTypeFace, view: DataView): Uint32Array {
  const loca = face.tables.get('loca')!.offset;
  const long = view.getInt16(face.tables.get('head')!.offset + 50) === 1;
  const offsets = new Uint32Array(face.numGlyphs + 1);
  for (let i = 0; i <= face.numGlyphs; i++) offsets[i] = long ? view.getUint32(loca + i * 4) : view.getUint16(loca + i * 2) * 2;
  return offsets;
}

/** The glyph ids a composite glyph is built from; none for a simple or empty glyph. */
function componentsOf(outline: Uint8Array): number[] {
  if (outline.length < 10) return [];
  const view = new DataView(outline.buffer, outline.byteOffset, outline.byteLength);
  if (view.getInt16(0) >= 0) return [];
  const components: number[] = [];
  let at = 10;
  let flags: number;
  do {
    flags = view.getUint16(at);
    components.push(view.getUint16(at + 2));
    at += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
    if (flags & WE_HAVE_A_SCALE) at += 2;
    else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) at += 4;
    else if (flags & WE_HAVE_A_TWO_BY_TWO) at += 8;
  } while (flags & MORE_COMPONENTS && at + 4 <= outline.length);
  return components;
}

/** Serialises tables into a font file: sorted table directory, 4-byte aligned tables, checksums. */
function writeFont(tables: Map<string, Uint8Array>): Uint8Array {
  const tags = [...tables.keys()].sort();
  const directoryLength = 12 + tags.length * 16;
  const total = tags.reduce((sum, tag) => sum + ((tables.get(tag)!.length + 3) & ~3), directoryLength);
  const font = new Uint8Array(total);
  const view = new DataView(font.buffer);
  const power = 2 ** Math.floor(Math.log2(tags.length));
  view.setUint32(0, 0x00010000);
  view.setUint16(4, tags.length);
  view.setUint16(6, power * 16);
  view.setUint16(8, Math.log2(power));
  view.setUint16(10, tags.length * 16 - power * 16);
  let offset = directoryLength;
  tags.forEach((tag, index) => {
    const data = tables.get(tag)!;
    const record = 12 + index * 16;
    for (let i = 0; i < 4; i++) view.setUint8(record + i, tag.charCodeAt(i));
    font.set(data, offset);
    view.setUint32(record + 4, checksum(font.subarray(offset, offset + ((data.length + 3) & ~3))));
    view.setUint32(record + 8, offset);
    view.setUint32(record + 12, data.length);
    offset += (data.length + 3) & ~3;
  });
  const headIndex = tags.indexOf('head');
  const headOffset = view.getUint32(12 + headIndex * 16 + 8);
  view.setUint32(headOffset + 8, (0xb1b0afba - checksum(font)) >>> 0);
  return font;
}

/** The sum of the big-endian 32-bit words of 4-byte aligned data, modulo 2^32. */
function checksum(data: Uint8Array): number {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let sum = 0;
  for (let i = 0; i + 4 <= data.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  return sum;
}
