import { decodeUtf8, fromLatin1, latin1, utf8 } from '../bytes';

/** One header field as it appeared, after unfolding. */
export interface HeaderField {
  /** The field name in lower case (`content-type`). */
  name: string;
  /** The unfolded value, leading and trailing white space removed. */
  value: string;
}

const FIELD_LINE = /^([\x21-\x39\x3b-\x7e]+)[ \t]*:(.*)$/s;

/**
 * Parses an RFC 5322 header section (given as a latin1 string, without the empty line that ends
 * it): unfolds continuation lines and names every field in lower case. Returns undefined when a
 * line is neither a field nor a continuation.
 * @see https://www.rfc-editor.org/rfc/rfc5322#section-2.2
 */
export function parseHeaderFields(section: string): HeaderField[] | undefined {
  if (section === '') return [];
  const fields: HeaderField[] = [];
  for (const line of section.split(/\r?\n/)) {
    if (/^[ \t]/.test(line)) {
      const last = fields.at(-1);
      if (!last) return undefined;
      last.value = `${last.value} ${line.trim()}`.trim();
      continue;
    }
    const match = FIELD_LINE.exec(line);
    if (!match) return undefined;
    fields.push({ name: match[1]!.toLowerCase(), value: match[2]!.trim() });
  }
  return fields;
}

/** The value of the first field named `name` (lower case), if any. */
export function headerValue(fields: HeaderField[], name: string): string | undefined {
  return fields.find((field) => field.name === name)?.value;
}

/** Fields as a map from lower-case name to value; repeated fields are joined with `, `. */
export function headerMap(fields: HeaderField[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const { name, value } of fields) {
    const previous = map.get(name);
    map.set(name, previous === undefined ? value : `${previous}, ${value}`);
  }
  return map;
}

/**
 * Decodes RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?ISO-8859-1?Q?…?=`) in an unstructured
 * header value; white space between adjacent encoded words is dropped. Words in a charset this
 * runtime cannot decode are left as they are.
 * @see https://www.rfc-editor.org/rfc/rfc2047#section-6
 */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/(\?=)[ \t]+(?==\?)/g, '$1')
    .replace(/=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g, (word, charset: string, encoding: string, text: string) => {
      const bytes =
        encoding.toUpperCase() === 'B'
          ? decodeBase64Word(text)
          : fromLatin1(
              text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            );
      if (!bytes) return word;
      return decodeCharset(bytes, charset.split('*')[0]!) ?? word;
    });
}

function decodeBase64Word(text: string): Uint8Array | undefined {
  try {
    return fromLatin1(atob(text));
  } catch {
    return undefined;
  }
}

/** Text of `bytes` in `charset`; undefined when the charset is unknown or the bytes invalid. */
export function decodeCharset(bytes: Uint8Array, charset: string): string | undefined {
  const name = charset.toLowerCase();
  if (name === 'utf-8' || name === 'utf8' || name === 'us-ascii') return decodeUtf8(bytes);
  try {
    return new TextDecoder(name, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Encodes an unstructured header value: ASCII text as it is, anything else as UTF-8 `B` encoded
 * words short enough to keep each folded line under 78 characters.
 * @see https://www.rfc-editor.org/rfc/rfc2047#section-5
 */
export function encodeUnstructured(value: string): string {
  const flat = value.replace(/[\r\n]+/g, ' ');
  if (/^[\x20-\x7e]*$/.test(flat)) return flat;
  const words: string[] = [];
  let chunk = '';
  for (const char of flat) {
    if (utf8(chunk + char).length > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words
    .map((word) => `=?UTF-8?B?${btoa(latin1(utf8(word)))}?=`)
    .join('\r\n ');
}
