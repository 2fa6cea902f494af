import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderProgressReport } from '../../src/documents/progress-report';
import { buildProgressReport } from '../../src/domain/progress-report/progress-report';
import { pdfFonts, pdfInfo, popplerMissing, poppler, renderPages } from './poppler';
import { typicalReportInput } from './typical-client';

const pdf = await renderProgressReport(buildProgressReport(typicalReportInput()));
if (process.env.REPORT_PDF_OUT) writeFileSync(process.env.REPORT_PDF_OUT, pdf);

describe.skipIf(popplerMissing.length > 0)('the progress report PDF of a typical client, read with poppler', () => {
  it('is one US Letter page, titled, dated by the clock', () => {
    const info = pdfInfo(pdf);
    expect(info.get('Pages')).toBe('1');
    expect(info.get('Page size')).toMatch(/612 x 792 pts \(letter\)/);
    expect(info.get('Title')).toBe('Exercise Progress Report — Interim: Ana Rivera');
    expect(info.get('CreationDate')).toMatch(/Mar 30 15:00:00 2026/);
  });

  it('embeds its fonts as subsets with a Unicode mapping', () => {
    const fonts = pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font).toMatchObject({ embedded: true, subset: true, unicode: true });
  });

  it('carries the diagnoses, goals with values and units, attendance, physician and narrative as text', () => {
    const text = poppler('pdftotext', pdf, ['-layout']);
    for (const expected of [
      'Ana Rivera',
      'I63.9 Cerebral infarction, unspecified',
      'I10 Essential (primary) hypertension',
      'Dr. Miriam Chen, NPI 1245319599',
      'Stride Medical Exercise',
      '6-minute walk distance',
      'Timed Up and Go',
      '30-second chair stand',
      'Gait speed (4 m)',
      'Attended 22 of 24 planned sessions (92%',
      'Light-headedness after treadmill walking',
      'Dana Okafor',
      'Page 1 of 1',
    ]) {
      expect(text.replace(/ {2,}/g, ' ')).toContain(expected);
    }
    expect(text).toMatch(/300 m\s+402 m\s+400 m/);
    expect(text).toMatch(/14 s\s+11\.2 s\s+10 s/);
    expect(text).toMatch(/0\.7 m\/s\s+0\.86 m\/s\s+0\.9 m\/s/);
    expect(text).toContain('Gait speed (4 m) (m/s)');
    expect(text).toContain('target 400');
    expect(text).not.toContain('M17.11');
    expect(text).not.toContain('Sit-to-stand, 3');
  });

  it('renders with pdftoppm without an error', () => {
    expect(renderPages(pdf)).toEqual(['page-1.png']);
  });
});

describe('the progress report PDF', () => {
  it('continues on a second page rather than cutting a long narrative', async () => {
    const long = buildProgressReport(typicalReportInput({ narrative: 'The client continues to progress well. '.repeat(150) }));
    const bytes = await renderProgressReport(long);
    if (popplerMissing.length) return;
    expect(pdfInfo(bytes).get('Pages')).toBe('2');
    expect(poppler('pdftotext', bytes)).toContain('Page 2 of 2');
  });
});
