import { eq } from 'drizzle-orm';
import type { Database } from '../../../../src/db/database';
import { directMessages } from '../../../../src/db/schema/direct-messages';

/** MIME bodies a referring physician's EHR sends, for `opensslMessage({ body })`. */

const CRLF = '\r\n';

function multipart(parts: { headers: string[]; content: string }[]): { contentType: string; text: string } {
  const boundary = `flows-${crypto.randomUUID()}`;
  const lines: string[] = [];
  for (const part of parts) lines.push(`--${boundary}`, ...part.headers, '', part.content);
  lines.push(`--${boundary}--`, '');
  return { contentType: `multipart/mixed; boundary="${boundary}"`, text: lines.join(CRLF) };
}

const base64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64').replace(/.{76}/g, `$&${CRLF}`);

const note = { headers: ['Content-Type: text/plain; charset=utf-8'], content: 'Please see the attached referral for exercise therapy.' };

/** A note and a FHIR referral Bundle attachment. */
export function referralMessageBody(bundle: unknown) {
  return multipart([
    note,
    {
      headers: ['Content-Type: application/fhir+json', 'Content-Disposition: attachment; filename="referral.json"', 'Content-Transfer-Encoding: base64'],
      content: base64(JSON.stringify(bundle)),
    },
  ]);
}

/** A minimal PDF: what a fax-era referral letter looks like on the wire. */
export const REFERRAL_PDF = '%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';

/** A note and a PDF referral letter, no FHIR. */
export function pdfMessageBody() {
  return multipart([
    note,
    {
      headers: ['Content-Type: application/pdf', 'Content-Disposition: attachment; filename="referral-letter.pdf"', 'Content-Transfer-Encoding: base64'],
      content: base64(REFERRAL_PDF),
    },
  ]);
}

/** The stored rows of the Direct messages that answer inbound message `id` (MDNs, failure notices). */
export async function answersTo(db: Database, id: string) {
  return db.select().from(directMessages).where(eq(directMessages.inReplyTo, id));
}
