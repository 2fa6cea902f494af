import { decodeBase64, fromLatin1, latin1 } from '../bytes';
import { parseParameterizedValue, type ParameterizedValue } from './content-type';
import { headerValue, parseHeaderFields, type HeaderField } from './header-fields';

/** A MIME entity split into its header fields and its (still transfer-encoded) body. */
export interface MimeEntity {
  fields: HeaderField[];
  contentType: ParameterizedValue;
  /** The exact bytes of the entity, headers included (what a multipart/signed part signs). */
  raw: Uint8Array;
  /** The body bytes as they were on the wire, before transfer decoding. */
  body: Uint8Array;
}

/** Raised for MIME that cannot be read; the security agent turns it into a `malformed` rejection. */
export class MimeSyntaxError extends Error {
  override readonly name = 'MimeSyntaxError';
}

const DEFAULT_CONTENT_TYPE = 'text/plain; charset=us-ascii';

/**
 * Splits an RFC 5322 message or MIME entity at the first empty line. LF-only line ends are
 * accepted on input. Without a `Content-Type`, the entity is `text/plain; charset=us-ascii`.
 * @see https://www.rfc-editor.org/rfc/rfc5322#section-2.1
 * @see https://www.rfc-editor.org/rfc/rfc2045#section-5.2
 */
export function parseEntity(raw: Uint8Array): MimeEntity {
  const text = latin1(raw);
  const separator = /\r?\n\r?\n/.exec(text);
  let headerEnd: number;
  let bodyStart: number;
  if (/^\r?\n/.test(text)) {
    headerEnd = 0;
    bodyStart = text.startsWith('\r\n') ? 2 : 1;
  } else if (separator) {
    headerEnd = separator.index;
    bodyStart = separator.index + separator[0].length;
  } else {
    headerEnd = text.length;
    bodyStart = text.length;
  }
  const fields = parseHeaderFields(text.slice(0, headerEnd));
  if (!fields) throw new MimeSyntaxError('a header line is neither a field nor a continuation');
  const contentType = parseParameterizedValue(headerValue(fields, 'content-type') ?? DEFAULT_CONTENT_TYPE);
  if (!/^[!#$%&'*+\-.0-9a-z^_`{|}~]+\/[!#$%&'*+\-.0-9a-z^_`{|}~]+$/.test(contentType.value)) {
    throw new MimeSyntaxError(`unreadable Content-Type "${contentType.value}"`);
  }
  return { fields, contentType, raw, body: raw.subarray(bodyStart) };
}

/**
 * The body parts of a multipart entity, each as the exact bytes between its delimiter lines
 * (the line break before a delimiter belongs to the delimiter).
 * @see https://www.rfc-editor.org/rfc/rfc2046#section-5.1.1
 */
export function splitMultipart(entity: MimeEntity): Uint8Array[] {
  const boundary = entity.contentType.parameters.boundary;
  if (!boundary || boundary.length > 70) throw new MimeSyntaxError('multipart entity without a usable boundary');
  const text = latin1(entity.body);
  const escaped = boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const delimiter = new RegExp(`(?:^|\\r?\\n)--${escaped}(--)?[ \\t]*(?:\\r?\\n|$)`, 'g');
  const parts: Uint8Array[] = [];
  let partStart: number | undefined;
  let closed = false;
  for (const match of text.matchAll(delimiter)) {
    if (partStart !== undefined) parts.push(fromLatin1(text.slice(partStart, match.index)));
    if (match[1]) {
      closed = true;
      break;
    }
    partStart = match.index + match[0].length;
  }
  if (!closed || parts.length === 0) throw new MimeSyntaxError('multipart entity without its closing delimiter');
  return parts;
}

/**
 * The body after undoing its `Content-Transfer-Encoding` (base64, quoted-printable, or the
 * identity encodings 7bit/8bit/binary).
 * @see https://www.rfc-editor.org/rfc/rfc2045#section-6
 */
export function decodeTransferEncoding(entity: MimeEntity): Uint8Array {
  const encoding = (headerValue(entity.fields, 'content-transfer-encoding') ?? '7bit').toLowerCase();
  switch (encoding) {
    case 'base64': {
      const decoded = decodeBase64(latin1(entity.body));
      if (!decoded) throw new MimeSyntaxError('a base64 body is not base64');
      return decoded;
    }
    case 'quoted-printable':
      return decodeQuotedPrintable(latin1(entity.body));
    case '7bit':
    case '8bit':
    case 'binary':
      return entity.body;
    default:
      throw new MimeSyntaxError(`unknown Content-Transfer-Encoding "${encoding}"`);
  }
}

/** @see https://www.rfc-editor.org/rfc/rfc2045#section-6.7 */
function decodeQuotedPrintable(text: string): Uint8Array {
  const decoded = text
    .replace(/[ \t]+(?=\r?\n|$)/g, '')
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return fromLatin1(decoded);
}
