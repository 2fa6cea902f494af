import { concatBytes, encodeBase64Lines, utf8 } from '../bytes';
import type { MimePart } from '../types';
import { formatParameter } from './content-type';

/** A header section: each field on its own CRLF-terminated line. Values must already be ASCII. */
export function formatHeaderSection(fields: [name: string, value: string][]): string {
  return fields.map(([name, value]) => `${name}: ${value.replace(/\r?\n(?![ \t])/g, ' ')}\r\n`).join('');
}

/** A random multipart boundary (RFC 2046 allows up to 70 characters). */
export function newBoundary(): string {
  return `----=_Part_${crypto.randomUUID().replace(/-/g, '')}`;
}

/** Text with every line break as CRLF, the canonical form S/MIME signs. */
export function toCrlf(text: string): string {
  return text.replace(/\r?\n|\r/g, '\r\n');
}

/**
 * One body part with its own headers: text that is 7-bit with short lines is sent as it is (CRLF
 * line ends), anything else as base64, so the signed bytes survive any relay.
 * @see https://www.rfc-editor.org/rfc/rfc5751#section-3.1.1
 * @see https://www.rfc-editor.org/rfc/rfc2045#section-6
 */
export function buildPart(part: MimePart): Uint8Array {
  let contentType = part.contentType.trim();
  let body: string;
  let transferEncoding: string;
  if (typeof part.body === 'string') {
    if (/^text\//i.test(contentType) && !/;\s*charset=/i.test(contentType)) contentType += '; charset=utf-8';
    const text = toCrlf(part.body);
    if (/^[\x00-\x7f]*$/.test(text) && !/[^\r\n]{999}/.test(text) && !/\x00/.test(text)) {
      transferEncoding = '7bit';
      body = text;
    } else {
      transferEncoding = 'base64';
      body = encodeBase64Lines(utf8(text));
    }
  } else {
    transferEncoding = 'base64';
    body = encodeBase64Lines(part.body);
  }
  const fields: [string, string][] = [['Content-Type', contentType]];
  fields.push(['Content-Transfer-Encoding', transferEncoding]);
  if (part.filename !== undefined || part.disposition !== undefined) {
    const disposition = part.disposition ?? 'attachment';
    fields.push([
      'Content-Disposition',
      part.filename === undefined ? disposition : `${disposition}; ${formatParameter('filename', part.filename)}`,
    ]);
  }
  return utf8(`${formatHeaderSection(fields)}\r\n${body}`);
}

/**
 * A multipart body from entities (each with its own headers), with its Content-Type value.
 * @see https://www.rfc-editor.org/rfc/rfc2046#section-5.1.1
 */
export function buildMultipartBody(
  subtype: string,
  entities: Uint8Array[],
  extraParameters = '',
): { contentType: string; body: Uint8Array } {
  const boundary = newBoundary();
  const pieces: Uint8Array[] = [];
  for (const entity of entities) pieces.push(utf8(`--${boundary}\r\n`), entity, utf8('\r\n'));
  pieces.push(utf8(`--${boundary}--\r\n`));
  return { contentType: `multipart/${subtype};${extraParameters} boundary="${boundary}"`, body: concatBytes(...pieces) };
}
