import { decodeUtf8 } from '../bytes';
import type { OpenedMessage, ParsedPart } from '../security-agent';
import { ReferralRefused } from './referral-intake';

/** What an accepted business message carries. */
export type InboundContent = { kind: 'referral'; bundle: unknown } | { kind: 'documents'; documents: ParsedPart[] };

const FHIR_JSON = 'application/fhir+json';
const DOCUMENT_TYPES = new Set(['application/pdf', 'application/xml', 'text/xml', 'application/hl7-v3+xml', 'application/cda+xml']);

/**
 * A FHIR Bundle part (`application/fhir+json`) makes the message a FHIR referral; otherwise its
 * documents (PDF, C-CDA, any other attachment — or, without attachments, its text) go to triage.
 * @throws ReferralRefused for a FHIR part that is not a JSON Bundle, or a message with no content.
 * @see https://hl7.org/fhir/R4/http.html#mime-type
 */
export function classifyContent(opened: OpenedMessage): InboundContent {
  const fhir = opened.parts.find((part) => part.contentType === FHIR_JSON);
  if (fhir) return { kind: 'referral', bundle: parseBundle(fhir) };
  const attachments = opened.parts.filter((part) => DOCUMENT_TYPES.has(part.contentType) || (part.filename && !part.contentType.startsWith('text/plain')));
  if (attachments.length) return { kind: 'documents', documents: attachments };
  const texts = opened.parts.filter((part) => part.contentType.startsWith('text/') && part.body.length);
  if (texts.length) return { kind: 'documents', documents: texts };
  throw new ReferralRefused('the message has no content to act on');
}

function parseBundle(part: ParsedPart): unknown {
  const text = part.text ?? decodeUtf8(part.body);
  let json: unknown;
  try {
    json = text === undefined ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (typeof json !== 'object' || json === null || (json as { resourceType?: unknown }).resourceType !== 'Bundle') {
    throw new ReferralRefused(`the ${FHIR_JSON} part is not a FHIR Bundle in JSON`);
  }
  return json;
}
