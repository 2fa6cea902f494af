import type { LetterContent } from './acknowledgement-letter';

/**
 * The acknowledgement letter as plain text: the first part of its Direct message, readable in any
 * inbox without opening the attached PDF. The same words as the PDF, bullets as `- ` lines.
 */
export function acknowledgementSummary(letter: LetterContent): string {
  const lines = [
    letter.title,
    letter.date,
    '',
    letter.subjectLine,
    '',
    letter.salutation,
    '',
    ...letter.paragraphs.flatMap((paragraph) => [paragraph, '']),
    ...letter.services.map((service) => `- ${service}`),
    '',
    letter.scopeLimit,
    '',
    letter.reachUs,
    '',
    ...letter.closing,
    '',
    ...letter.contactLines,
  ];
  return lines.join('\r\n') + '\r\n';
}
