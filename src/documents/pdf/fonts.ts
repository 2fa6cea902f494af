import type { PDFDocument } from 'pdf-lib';
import { DEJAVU_SANS, DEJAVU_SANS_BOLD } from '../fonts/dejavu-sans';
import { PdfFont } from './embedded-font';
import { parseTrueType, type TrueTypeFace } from './truetype';

/**
 * The typefaces MetBridge's documents are set in: DejaVu Sans, regular and bold (a subset
 * covering Latin, Greek and Cyrillic; see scripts/build-report-fonts.ts). The font programs are
 * compiled into the code as base64 text, so that Node, workerd and the test runners load them
 * the same way, with no file system and no bundler rule for binary modules. Each is parsed once
 * per process; each document embeds the glyphs it uses.
 */

export interface FontFamily {
  regular: PdfFont;
  bold: PdfFont;
}

let faces: { regular: TrueTypeFace; bold: TrueTypeFace } | undefined;

function decodeBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}

function loadFaces(): { regular: TrueTypeFace; bold: TrueTypeFace } {
  faces ??= {
    regular: parseTrueType(decodeBase64(DEJAVU_SANS)),
    bold: parseTrueType(decodeBase64(DEJAVU_SANS_BOLD)),
  };
  return faces;
}

/** The document fonts, ready to draw with on `doc`; {@link PdfFont.embed} writes them at the end. */
export function documentFonts(doc: PDFDocument): FontFamily {
  const { regular, bold } = loadFaces();
  return { regular: new PdfFont(doc, regular, 'DejaVuSans'), bold: new PdfFont(doc, bold, 'DejaVuSans-Bold') };
}
