import { describe, expect, it } from 'vitest';
import { drawTrendChart } from '../../../src/documents/pdf/chart';
import { PageFlow, US_LETTER } from '../../../src/documents/pdf/page-flow';
import { createDocument, saveDocument } from '../../../src/documents/pdf/pdf-document';
import { pdfFonts, pdfInfo, popplerMissing, poppler, renderPages } from '../poppler';

const createdAt = new Date('2026-03-31T15:00:00Z');
const margin = { top: 40, right: 40, bottom: 40, left: 40 };

async function sampleDocument(paragraphs = 1): Promise<Uint8Array> {
  const draft = await createDocument({ title: 'Sample document', author: 'Stride Medical Exercise', subject: 'Test', createdAt });
  const flow = new PageFlow(draft.doc, { ...US_LETTER, margin });
  const body = { font: draft.fonts.regular, size: 9 };
  flow.lines(['Client: Zoë Łukasiewicz-Дмитриева — 6MWT ≥ 400 m → on track'], { font: draft.fonts.bold, size: 11 }, 14);
  for (let i = 0; i < paragraphs; i++) flow.paragraph(`Paragraph ${i + 1}: the client attended every planned session this week.`, body, 11);
  flow.table(
    [{ header: 'Goal', width: 200 }, { header: 'Latest', width: 80, align: 'right' }],
    [['6-minute walk distance', '402 m'], ['Timed Up and Go', '11.8 s']],
    { header: { font: draft.fonts.bold, size: 8 }, body: { font: draft.fonts.regular, size: 8 }, lineHeight: 10, padding: 2 },
  );
  const top = flow.reserve(110);
  const chart = {
    title: '6-minute walk distance',
    unit: 'm',
    points: [{ at: '2026-01-06', value: 320 }, { at: '2026-02-10', value: 361 }, { at: '2026-03-24', value: 402 }],
    target: 400,
    from: '2026-01-01',
    to: '2026-03-31',
  };
  drawTrendChart(flow.page, { x: flow.left, y: top - 110, width: 180, height: 110 }, chart, draft.fonts);
  return saveDocument(draft);
}

describe('PDF documents', () => {
  it('start with a PDF header and give the same bytes for the same content at the same instant', async () => {
    const first = await sampleDocument();
    expect(new TextDecoder().decode(first.subarray(0, 5))).toBe('%PDF-');
    expect(await sampleDocument()).toEqual(first);
  });

  it.skipIf(popplerMissing.length > 0)('are read by poppler: metadata, one page, fonts embedded as subsets, text extractable, page renders', async () => {
    const pdf = await sampleDocument();
    const info = pdfInfo(pdf);
    expect(info.get('Pages')).toBe('1');
    expect(info.get('Title')).toBe('Sample document');
    expect(info.get('Author')).toBe('Stride Medical Exercise');
    expect(info.get('CreationDate')).toMatch(/Mar 31 15:00:00 2026/);
    expect(info.get('Page size')).toMatch(/612 x 792 pts \(letter\)/);

    const fonts = pdfFonts(pdf);
    expect(fonts.map((font) => font.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(['DejaVuSans', 'DejaVuSans-Bold']);
    for (const font of fonts) expect(font).toMatchObject({ embedded: true, subset: true, unicode: true });

    const text = poppler('pdftotext', pdf, ['-layout']);
    expect(text).toContain('Zoë Łukasiewicz-Дмитриева — 6MWT ≥ 400 m → on track');
    expect(text).toContain('6-minute walk distance (m)');
    expect(text).toContain('target 400');
    expect(text).toMatch(/Timed Up and Go\s+11\.8 s/);
    expect(renderPages(pdf)).toEqual(['page-1.png']);
  });

  it.skipIf(popplerMissing.length > 0)('continue on a new page when the content does not fit', async () => {
    const pdf = await sampleDocument(80);
    expect(pdfInfo(pdf).get('Pages')).toBe('2');
    expect(poppler('pdftotext', pdf)).toContain('Paragraph 80:');
    expect(renderPages(pdf)).toHaveLength(2);
  });
});
