/** Byte helpers shared by the MIME and S/MIME code: concatenation, text and base64. */

const encoder = new TextEncoder();

/** UTF-8 bytes of `text`. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Bytes as a string of code points 0–255 (one per byte), for header and boundary scanning. */
export function latin1(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return text;
}

/** The inverse of {@link latin1}: each code unit (0–255) back to one byte. */
export function fromLatin1(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}

/** UTF-8 text of `bytes`, or undefined when they are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** One array holding `parts` in order. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const result = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.length;
  }
  return result;
}

/** A fresh ArrayBuffer holding exactly `bytes` (WebCrypto and pkijs want whole buffers). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}

/**
 * Base64 in lines of 76 characters separated by CRLF, as MIME requires.
 * @see https://www.rfc-editor.org/rfc/rfc2045#section-6.8
 */
export function encodeBase64Lines(bytes: Uint8Array): string {
  const encoded = btoa(latin1(bytes));
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += 76) lines.push(encoded.slice(i, i + 76));
  return lines.join('\r\n');
}

/**
 * Decodes base64 that may be spread over lines; characters outside the alphabet are ignored, as
 * RFC 2045 asks of decoders. Returns undefined when what remains is not base64.
 * @see https://www.rfc-editor.org/rfc/rfc2045#section-6.8
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  const compact = text.replace(/[^A-Za-z0-9+/=]/g, '').replace(/=+$/, '');
  if (compact.length % 4 === 1 || compact.includes('=')) return undefined;
  try {
    return fromLatin1(atob(compact + '='.repeat((4 - (compact.length % 4)) % 4)));
  } catch {
    return undefined;
  }
}
