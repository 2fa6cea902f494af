import { rgb } from 'pdf-lib';
import type { LetterContent } from '../domain/referrals/acknowledgement-letter';
import { PageFlow, US_LETTER } from './pdf/page-flow';
import { createDocument, saveDocument } from './pdf/pdf-document';
import type { TextStyle } from './pdf/text';

/**
 * The referral acknowledgement as a one-page US Letter PDF: the practice's letterhead, date,
 * recipient and subject, the letter, the scope of services as bullets, and the practice's
 * contacts — set in the document fonts (embedded subsets, extractable text).
 */

const MARGIN = 64;
const ACCENT = rgb(0.1, 0.3, 0.6);
const GREY = rgb(0.35, 0.35, 0.35);

export interface AcknowledgementDocument {
  letter: LetterContent;
  practiceName: string;
  /** The instant the PDF is dated (the accept). */
  createdAt: Date;
}

export async function renderAcknowledgementLetter({ letter, practiceName, createdAt }: AcknowledgementDocument): Promise<Uint8Array> {
  const draft = await createDocument({
    title: `${letter.title}: ${letter.subjectLine.replace(/^Re: /, '')}`,
    author: practiceName,
    subject: `${letter.title} to ${letter.recipient}`,
    keywords: ['referral', 'acknowledgement', 'physical activity'],
    createdAt,
  });
  const { fonts } = draft;
  const body: TextStyle = { font: fonts.regular, size: 10.5 };
  const bold: TextStyle = { font: fonts.bold, size: 10.5 };
  const small: TextStyle = { font: fonts.regular, size: 9, color: GREY };
  const lineHeight = 14.5;
  const flow = new PageFlow(draft.doc, { ...US_LETTER, margin: { top: MARGIN, right: MARGIN, bottom: MARGIN, left: MARGIN } });

  flow.lines([practiceName], { font: fonts.bold, size: 16, color: ACCENT }, 22);
  flow.lines(letter.contactLines.slice(1), small, 12);
  flow.gap(6);
  flow.rule();
  flow.gap(18);
  flow.lines([letter.date, '', letter.recipient], body, lineHeight);
  flow.gap(10);
  flow.lines([letter.subjectLine], bold, lineHeight);
  flow.gap(10);
  flow.lines([letter.salutation], body, lineHeight);
  flow.gap(6);
  for (const paragraph of letter.paragraphs) {
    flow.paragraph(paragraph, body, lineHeight);
    flow.gap(6);
  }
  const indent = flow.left + 14;
  for (const service of letter.services) {
    const top = flow.y;
    flow.paragraph(service, body, lineHeight, indent);
    flow.page.drawCircle({ x: flow.left + 5, y: top - body.font.ascentAt(body.size) + 3.5, size: 1.8, color: rgb(0, 0, 0) });
    flow.gap(3);
  }
  flow.gap(6);
  flow.paragraph(letter.scopeLimit, body, lineHeight);
  flow.gap(6);
  flow.paragraph(letter.reachUs, body, lineHeight);
  flow.gap(14);
  flow.lines(letter.closing, body, lineHeight);
  return saveDocument(draft);
}
