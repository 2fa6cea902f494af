import { latin1 } from './bytes';
import { parseAddressList } from './mime/addresses';
import { headerValue, parseHeaderFields } from './mime/header-fields';

/** The routing facts of a message's outer, unauthenticated headers. */
export interface Envelope {
  /** The `From` address, when there is exactly one. */
  from?: string;
  /** The `To` and `Cc` addresses. */
  to: string[];
  /** The `Message-ID` as written (`<…>`). */
  messageId?: string;
}

/**
 * Reads From, To/Cc and Message-ID from the outer header section without any cryptography, to
 * find which practice a message is for and whom to notify. Never throws: unreadable headers give
 * an envelope with no recipients. Nothing here is authenticated — {@link openMessage} checks the
 * signed headers.
 * @see https://www.rfc-editor.org/rfc/rfc5322#section-3.6
 */
export function readEnvelope(raw: Uint8Array): Envelope {
  const text = latin1(raw.subarray(0, 256 * 1024));
  const end = /\r?\n\r?\n/.exec(text);
  const fields = parseHeaderFields(end ? text.slice(0, end.index) : text) ?? [];
  const from = parseAddressList(headerValue(fields, 'from'));
  const envelope: Envelope = {
    to: fields.filter((field) => field.name === 'to' || field.name === 'cc').flatMap((field) => parseAddressList(field.value)),
  };
  if (from.length === 1) envelope.from = from[0]!;
  const messageId = headerValue(fields, 'message-id');
  if (messageId) envelope.messageId = messageId;
  return envelope;
}
