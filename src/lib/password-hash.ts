import { decodeBase64Url, encodeBase64Url } from './base64url';
import { bytesEqual } from './constant-time';

/**
 * PBKDF2-SHA-256 with a per-user 16-byte salt. 600,000 iterations is OWASP's 2023 floor.
 * Stored as `pbkdf2-sha256$<iterations>$<salt>$<hash>` (base64url), so the work factor can rise
 * later without invalidating existing hashes.
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#pbkdf2
 * @see https://www.rfc-editor.org/rfc/rfc8018#section-5.2
 */
export const PASSWORD_ITERATIONS = 600_000;
const SCHEME = 'pbkdf2-sha256';
const HASH_BYTES = 32;

export async function hashPassword(password: string, iterations = PASSWORD_ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, salt, iterations);
  return [SCHEME, String(iterations), encodeBase64Url(salt), encodeBase64Url(hash)].join('$');
}

/** True when `password` matches the stored hash; false for a wrong password or a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterationsText, saltText, hashText] = stored.split('$');
  const iterations = Number(iterationsText);
  const salt = saltText === undefined ? undefined : decodeBase64Url(saltText);
  const expected = hashText === undefined ? undefined : decodeBase64Url(hashText);
  if (scheme !== SCHEME || !Number.isSafeInteger(iterations) || iterations < 1 || !salt || !expected) {
    return false;
  }
  const actual = await derive(password, salt, iterations);
  return bytesEqual(actual, expected);
}

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    key,
    HASH_BYTES * 8,
  );
  return new Uint8Array(bits);
}
