import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { documentFonts } from '../../../src/documents/pdf/fonts';
import { fitText, wrapText } from '../../../src/documents/pdf/text';

const fonts = documentFonts(await PDFDocument.create());
const style = { font: fonts.regular, size: 9 };

describe('text layout', () => {
  it('breaks prose between words so that every line fits the width', () => {
    const text = 'Attended ten of twelve planned sessions; gait speed improved steadily and no falls were reported.';
    const lines = wrapText(text, 150, style);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(fonts.regular.widthOf(line, 9)).toBeLessThanOrEqual(150);
    expect(lines.join(' ')).toBe(text);
  });

  it('keeps paragraphs apart, collapses runs of spaces and takes no line for empty text', () => {
    expect(wrapText('First   line.\nSecond line.', 500, style)).toEqual(['First line.', 'Second line.']);
    expect(wrapText('', 500, style)).toEqual([]);
  });

  it('breaks a word wider than the line between characters', () => {
    const lines = wrapText('x'.repeat(80), 60, style);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe('x'.repeat(80));
    for (const line of lines) expect(fonts.regular.widthOf(line, 9)).toBeLessThanOrEqual(60);
  });

  it('cuts a single line with an ellipsis only when it does not fit', () => {
    expect(fitText('Timed Up and Go', 200, style)).toBe('Timed Up and Go');
    const cut = fitText('Grip strength, right hand, measured with a dynamometer', 80, style);
    expect(cut.endsWith('…')).toBe(true);
    expect(fonts.regular.widthOf(cut, 9)).toBeLessThanOrEqual(80);
  });

  it('measures bold wider than regular and scales with the size', () => {
    expect(fonts.bold.widthOf('Progress', 10)).toBeGreaterThan(fonts.regular.widthOf('Progress', 10));
    expect(fonts.regular.widthOf('Progress', 20)).toBeCloseTo(2 * fonts.regular.widthOf('Progress', 10));
  });
});
