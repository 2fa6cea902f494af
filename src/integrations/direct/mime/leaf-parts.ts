import type { ParsedPart } from '../types';
import { decodeCharset, decodeEncodedWords, headerValue } from './header-fields';
import { parseParameterizedValue } from './content-type';
import { decodeTransferEncoding, MimeSyntaxError, parseEntity, splitMultipart, type MimeEntity } from './entity';

const MAXIMUM_DEPTH = 8;

/**
 * The leaf parts of an entity in document order: multiparts are descended into (to a depth of
 * eight), every other entity — including `message/*` — is one part, transfer-decoded, with its
 * text when it is `text/*` or `message/*` in a charset this runtime decodes.
 * @see https://www.rfc-editor.org/rfc/rfc2046#section-5.1
 */
export function leafParts(entity: MimeEntity, depth = 0): ParsedPart[] {
  if (depth > MAXIMUM_DEPTH) throw new MimeSyntaxError('multiparts nested too deeply');
  if (entity.contentType.value.startsWith('multipart/')) {
    return splitMultipart(entity).flatMap((part) => leafParts(parseEntity(part), depth + 1));
  }
  const body = decodeTransferEncoding(entity);
  const disposition = headerValue(entity.fields, 'content-disposition');
  const filename =
    (disposition ? parseParameterizedValue(disposition).parameters.filename : undefined) ?? entity.contentType.parameters.name;
  const part: ParsedPart = { contentType: entity.contentType.value, parameters: entity.contentType.parameters, body };
  if (filename !== undefined) part.filename = decodeEncodedWords(filename);
  if (/^(text|message)\//.test(entity.contentType.value)) {
    const text = decodeCharset(body, entity.contentType.parameters.charset ?? 'us-ascii') ?? decodeCharset(body, 'utf-8');
    if (text !== undefined) part.text = text;
  }
  return [part];
}
