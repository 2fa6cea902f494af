import { PDFHexString, PDFString, type PDFDocument, type PDFName, type PDFPage, type PDFRef } from 'pdf-lib';
import { toUnicodeCMap } from './to-unicode-cmap';
import type { TrueTypeFace } from './truetype';
import { subsetTrueType } from './truetype-subset';

/**
 * A TrueType font embedded in one PDF document as a Type 0 font (`/Identity-H`, a CIDFontType2
 * descendant whose CIDs are the glyph ids). Text is encoded and measured here; the font program
 * is written once, at {@link PdfFont.embed}, as a subset holding only the glyphs used, together
 * with the widths of those glyphs and a ToUnicode CMap so that the text can be extracted, searched
 * and read aloud.
 * @see ISO 32000-1:2008, 9.7 "Composite Fonts" and 9.10.3 "ToUnicode CMaps"
 */

const REPLACEMENT = '?'.codePointAt(0)!;
/** FontDescriptor flag: the font uses the standard Latin character set. */
const NONSYMBOLIC = 1 << 5;

export class PdfFont {
  /** The font dictionary's reference: resources point at it before it is written. */
  readonly ref: PDFRef;
  private readonly used = new Map<number, string>();
  private embedded = false;

  constructor(
    private readonly doc: PDFDocument,
    private readonly face: TrueTypeFace,
    /** PostScript name, e.g. `DejaVuSans-Bold`. */
    readonly name: string,
  ) {
    this.ref = doc.context.nextRef();
  }

  /** The glyph that draws `char` (one code point), or the one for `?` when the font has none. */
  private glyphOf(char: string): number {
    return this.face.glyphs.get(char.codePointAt(0)!) ?? this.face.glyphs.get(REPLACEMENT) ?? 0;
  }

  /** Whether every character of `text` has a glyph of its own. */
  covers(text: string): boolean {
    return [...text].every((char) => this.face.glyphs.has(char.codePointAt(0)!));
  }

  /** `text` as the 2-byte glyph ids a `Tj` operator shows; records the glyphs for the subset. */
  encode(text: string): PDFHexString {
    let hex = '';
    for (const char of text) {
      const glyph = this.glyphOf(char);
      if (!this.used.has(glyph)) this.used.set(glyph, this.face.glyphs.has(char.codePointAt(0)!) ? char : '?');
      hex += glyph.toString(16).padStart(4, '0');
    }
    return PDFHexString.of(hex);
  }

  /** Width of `text` set at `size` points. */
  widthOf(text: string, size: number): number {
    let units = 0;
    for (const char of text) units += this.face.advances[this.glyphOf(char)] ?? 0;
    return (units * size) / this.face.unitsPerEm;
  }

  /** Height above the baseline at `size` points. */
  ascentAt(size: number): number {
    return (this.face.ascent * size) / this.face.unitsPerEm;
  }

  /** Depth below the baseline at `size` points (positive). */
  descentAt(size: number): number {
    return (Math.abs(this.face.descent) * size) / this.face.unitsPerEm;
  }

  /** Writes the font dictionary, descendant, descriptor, subset program and ToUnicode CMap. Once. */
  embed(): void {
    if (this.embedded) return;
    this.embedded = true;
    const { context } = this.doc;
    const glyphs = [...this.used.keys()].sort((a, b) => a - b);
    const baseFont = `${subsetTag(glyphs)}+${this.name}`;
    const program = subsetTrueType(this.face, glyphs);
    const scale = 1000 / this.face.unitsPerEm;
    const [minX, minY, maxX, maxY] = this.face.bbox;

    const fontFile = context.register(context.flateStream(program, { Length1: program.length }));
    const descriptor = context.register(
      context.obj({
        Type: 'FontDescriptor',
        FontName: baseFont,
        Flags: NONSYMBOLIC,
        FontBBox: [minX * scale, minY * scale, maxX * scale, maxY * scale],
        ItalicAngle: this.face.italicAngle,
        Ascent: this.face.ascent * scale,
        Descent: this.face.descent * scale,
        CapHeight: this.face.capHeight * scale,
        XHeight: this.face.xHeight * scale,
        StemV: 0,
        FontFile2: fontFile,
      }),
    );
    const descendant = context.register(
      context.obj({
        Type: 'Font',
        Subtype: 'CIDFontType2',
        BaseFont: baseFont,
        CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
        FontDescriptor: descriptor,
        W: widthRuns(glyphs, (glyph) => Math.round((this.face.advances[glyph] ?? 0) * scale)),
        CIDToGIDMap: 'Identity',
      }),
    );
    const toUnicode = context.register(context.flateStream(toUnicodeCMap(this.used)));
    context.assign(
      this.ref,
      context.obj({
        Type: 'Font',
        Subtype: 'Type0',
        BaseFont: baseFont,
        Encoding: 'Identity-H',
        DescendantFonts: [descendant],
        ToUnicode: toUnicode,
      }),
    );
  }

  /** The resource name of this font on `page`'s font dictionary (added on first use). */
  resourceKey(page: PDFPage): PDFName {
    let keys = resourceKeys.get(page);
    if (!keys) resourceKeys.set(page, (keys = new Map()));
    let key = keys.get(this);
    if (!key) keys.set(this, (key = page.node.newFontDictionary(this.name, this.ref)));
    return key;
  }
}

const resourceKeys = new WeakMap<PDFPage, Map<PdfFont, PDFName>>();

/** `W` entries `[first [w1 w2 …]]` for each run of consecutive glyph ids. */
function widthRuns(glyphs: number[], width: (glyph: number) => number): (number | number[])[] {
  const runs: (number | number[])[] = [];
  let run: number[] = [];
  glyphs.forEach((glyph, index) => {
    if (index === 0 || glyph !== glyphs[index - 1]! + 1) {
      if (run.length) runs.push(run);
      runs.push(glyph);
      run = [];
    }
    run.push(width(glyph));
  });
  if (run.length) runs.push(run);
  return runs;
}

/**
 * Six capital letters naming the subset, derived from the glyphs it holds (two documents with
 * the same glyphs share the tag, which is what the tag is for).
 * @see ISO 32000-1:2008, 9.6.4 "Font Subsets"
 */
function subsetTag(glyphs: number[]): string {
  let hash = 0x811c9dc5;
  for (const glyph of glyphs) {
    hash ^= glyph;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  let tag = '';
  for (let i = 0; i < 6; i++) {
    tag += String.fromCharCode(65 + (hash % 26));
    hash = Math.floor(hash / 26);
  }
  return tag;
}
