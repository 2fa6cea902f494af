import { decodeCharset, decodeEncodedWords } from './header-fields';

/** A parsed `Content-Type` or `Content-Disposition` value. */
export interface ParameterizedValue {
  /** The type/subtype or disposition type, in lower case. */
  value: string;
  /** Parameters by lower-case name, quoted strings unquoted, RFC 2231 values decoded. */
  parameters: Record<string, string>;
}

/**
 * Parses `type/subtype; name=value; name="quoted value"` (and the same shape for
 * `Content-Disposition`), with RFC 2231 extended (`name*=utf-8''…`) and continued
 * (`name*0=`, `name*1=`) parameters.
 * @see https://www.rfc-editor.org/rfc/rfc2045#section-5.1
 * @see https://www.rfc-editor.org/rfc/rfc2231#section-3
 */
export function parseParameterizedValue(header: string): ParameterizedValue {
  const [head, ...rest] = splitOutsideQuotes(stripComments(header), ';');
  const raw = new Map<string, string>();
  for (const piece of rest) {
    const equals = piece.indexOf('=');
    if (equals < 0) continue;
    const name = piece.slice(0, equals).trim().toLowerCase();
    let value = piece.slice(equals + 1).trim();
    if (value.startsWith('"')) value = value.slice(1, value.endsWith('"') ? -1 : undefined).replace(/\\(.)/g, '$1');
    if (name && !raw.has(name)) raw.set(name, value);
  }
  return { value: (head ?? '').trim().toLowerCase(), parameters: combineExtendedParameters(raw) };
}

function combineExtendedParameters(raw: Map<string, string>): Record<string, string> {
  const parameters: Record<string, string> = {};
  const continued = new Map<string, { index: number; value: string; encoded: boolean }[]>();
  for (const [name, value] of raw) {
    const match = /^([^*]+)\*(?:(\d+)\*?|)$/.exec(name);
    if (!match) {
      parameters[name] = decodeEncodedWords(value);
      continue;
    }
    const pieces = continued.get(match[1]!) ?? [];
    pieces.push({ index: match[2] === undefined ? 0 : Number(match[2]), value, encoded: name.endsWith('*') });
    continued.set(match[1]!, pieces);
  }
  for (const [name, pieces] of continued) {
    pieces.sort((a, b) => a.index - b.index);
    let charset = 'us-ascii';
    let bytes: number[] = [];
    for (const piece of pieces) {
      let text = piece.value;
      if (piece.encoded && piece.index === 0) {
        const parts = text.split("'");
        if (parts.length >= 3) {
          charset = parts[0] || 'us-ascii';
          text = parts.slice(2).join("'");
        }
      }
      if (piece.encoded) {
        for (let i = 0; i < text.length; i++) {
          if (text[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
            bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
            i += 2;
          } else bytes.push(text.charCodeAt(i) & 0xff);
        }
      } else for (const char of text) bytes.push(char.charCodeAt(0) & 0xff);
    }
    parameters[name] = decodeCharset(Uint8Array.from(bytes), charset) ?? String.fromCharCode(...bytes);
    bytes = [];
  }
  return parameters;
}

function stripComments(value: string): string {
  let result = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    if (char === '\\' && (quoted || depth > 0)) {
      if (depth === 0) result += char + (value[i + 1] ?? '');
      i++;
    } else if (quoted) {
      result += char;
      if (char === '"') quoted = false;
    } else if (char === '(') depth++;
    else if (char === ')' && depth > 0) depth--;
    else if (depth === 0) {
      if (char === '"') quoted = true;
      result += char;
    }
  }
  return result;
}

/** Splits on `separator` where it is not inside a quoted string. */
export function splitOutsideQuotes(value: string, separator: string): string[] {
  const pieces: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    if (char === '\\' && quoted) {
      current += char + (value[i + 1] ?? '');
      i++;
      continue;
    }
    if (char === '"') quoted = !quoted;
    if (char === separator && !quoted) {
      pieces.push(current);
      current = '';
    } else current += char;
  }
  pieces.push(current);
  return pieces;
}

/**
 * Formats a parameter: a token as it is, other ASCII as a quoted string, non-ASCII as an RFC 2231
 * UTF-8 extended value.
 * @see https://www.rfc-editor.org/rfc/rfc2231#section-4
 */
export function formatParameter(name: string, value: string): string {
  if (/^[!#$%&'*+\-.0-9A-Z^_`a-z{|}~]+$/.test(value)) return `${name}=${value}`;
  if (/^[\x20-\x7e]*$/.test(value)) return `${name}="${value.replace(/(["\\])/g, '\\$1')}"`;
  const encoded = Array.from(new TextEncoder().encode(value), (byte) =>
    /[A-Za-z0-9!#$&+\-.^_`|~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
  ).join('');
  return `${name}*=UTF-8''${encoded}`;
}
