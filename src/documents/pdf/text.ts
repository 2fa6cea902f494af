import {
  beginText,
  endText,
  moveText,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setFillingColor,
  setFontAndSize,
  showText,
  type Color,
  type PDFPage,
} from 'pdf-lib';
import type { PdfFont } from './embedded-font';

/**
 * Text on a page: one line at a position, and the line breaking that fits prose into a width.
 * Lines are broken between words (a word wider than the whole line is broken between
 * characters); runs of white space count as one space, and a line feed starts a new paragraph.
 */

export interface TextStyle {
  font: PdfFont;
  /** Points. */
  size: number;
  color?: Color;
}

export const BLACK = rgb(0, 0, 0);

/** Draws `text` (one line) with its baseline starting at (`x`, `y`). */
export function drawText(page: PDFPage, text: string, x: number, y: number, style: TextStyle): void {
  if (!text) return;
  page.pushOperators(
    pushGraphicsState(),
    beginText(),
    setFillingColor(style.color ?? BLACK),
    setFontAndSize(style.font.resourceKey(page), style.size),
    moveText(x, y),
    showText(style.font.encode(text)),
    endText(),
    popGraphicsState(),
  );
}

/** Draws `text` so that it ends at `right`. */
export function drawTextRightAligned(page: PDFPage, text: string, right: number, y: number, style: TextStyle): void {
  drawText(page, text, right - style.font.widthOf(text, style.size), y, style);
}

/** Draws `text` centred on `center`. */
export function drawTextCentered(page: PDFPage, text: string, center: number, y: number, style: TextStyle): void {
  drawText(page, text, center - style.font.widthOf(text, style.size) / 2, y, style);
}

/** The lines `text` takes in `width` points. An empty text takes no line. */
export function wrapText(text: string, width: number, style: TextStyle): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    const words = paragraph.split(/\s+/).filter(Boolean);
    let line = '';
    for (const word of words) {
      const candidate = line ? `${line} ${word}` : word;
      if (style.font.widthOf(candidate, style.size) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      const pieces = breakWord(word, width, style);
      line = pieces.pop()!;
      lines.push(...pieces);
    }
    if (line) lines.push(line);
  }
  return lines;
}

/** `text` on one line of `width` points, cut with an ellipsis when it does not fit. */
export function fitText(text: string, width: number, style: TextStyle): string {
  const single = text.replace(/\s+/g, ' ').trim();
  if (style.font.widthOf(single, style.size) <= width) return single;
  const chars = [...single];
  while (chars.length && style.font.widthOf(`${chars.join('').trimEnd()}…`, style.size) > width) chars.pop();
  return chars.length ? `${chars.join('').trimEnd()}…` : '';
}

/** A word wider than the line, in pieces that each fit (at least one character each). */
function breakWord(word: string, width: number, style: TextStyle): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const char of word) {
    if (piece && style.font.widthOf(piece + char, style.size) > width) {
      pieces.push(piece);
      piece = '';
    }
    piece += char;
  }
  pieces.push(piece);
  return pieces;
}
