import { decodeBase64Url } from '../../../lib/base64url';
import { toArrayBuffer } from '../bytes';

/** An RSA private key as integers, for the RSA operation WebCrypto does not offer. */
export interface RsaPrivateKey {
  n: bigint;
  e: bigint;
  d: bigint;
  p: bigint;
  q: bigint;
  dp: bigint;
  dq: bigint;
  qi: bigint;
  /** Modulus length in bytes. */
  size: number;
}

/** An RSA public key as integers. */
export interface RsaPublicKey {
  n: bigint;
  e: bigint;
  size: number;
}

/** Big-endian unsigned bytes to an integer. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex ? BigInt(`0x${hex}`) : 0n;
}

/** An integer to exactly `length` big-endian bytes (I2OSP); throws when it does not fit. */
export function bigIntToBytes(value: bigint, length: number): Uint8Array {
  const hex = value.toString(16).padStart(length * 2, '0');
  if (hex.length > length * 2) throw new RangeError('integer too large');
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function jwkInteger(value: string | undefined): bigint {
  const bytes = value === undefined ? undefined : decodeBase64Url(value);
  if (!bytes) throw new Error('RSA key without its CRT parameters');
  return bytesToBigInt(bytes);
}

/**
 * Reads an RSA PKCS#8 private key through WebCrypto (import, then JWK export) into integers.
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-6.3.2
 */
export async function importRsaPrivateKey(pkcs8: Uint8Array): Promise<RsaPrivateKey> {
  const key = await crypto.subtle.importKey('pkcs8', toArrayBuffer(pkcs8), { name: 'RSA-OAEP', hash: 'SHA-256' }, true, ['decrypt']);
  const jwk = await crypto.subtle.exportKey('jwk', key);
  const n = jwkInteger(jwk.n);
  return {
    n,
    e: jwkInteger(jwk.e),
    d: jwkInteger(jwk.d),
    p: jwkInteger(jwk.p),
    q: jwkInteger(jwk.q),
    dp: jwkInteger(jwk.dp),
    dq: jwkInteger(jwk.dq),
    qi: jwkInteger(jwk.qi),
    size: Math.ceil(n.toString(16).length / 2),
  };
}

/** Reads an RSA SubjectPublicKeyInfo through WebCrypto into integers. */
export async function importRsaPublicKey(spki: Uint8Array): Promise<RsaPublicKey> {
  const key = await crypto.subtle.importKey('spki', toArrayBuffer(spki), { name: 'RSA-OAEP', hash: 'SHA-256' }, true, ['encrypt']);
  const jwk = await crypto.subtle.exportKey('jwk', key);
  const n = jwkInteger(jwk.n);
  return { n, e: jwkInteger(jwk.e), size: Math.ceil(n.toString(16).length / 2) };
}

/** `base^exponent mod modulus`, left-to-right square and multiply. */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let value = base % modulus;
  for (const bit of exponent.toString(2)) {
    result = (result * result) % modulus;
    if (bit === '1') result = (result * value) % modulus;
  }
  return result;
}

function modInverse(value: bigint, modulus: bigint): bigint | undefined {
  let [oldR, r] = [value % modulus, modulus];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const quotient = oldR / r;
    [oldR, r] = [r, oldR - quotient * r];
    [oldS, s] = [s, oldS - quotient * s];
  }
  if (oldR !== 1n) return undefined;
  return ((oldS % modulus) + modulus) % modulus;
}

function randomBelow(modulus: bigint, size: number): bigint {
  for (;;) {
    const candidate = bytesToBigInt(crypto.getRandomValues(new Uint8Array(size))) % modulus;
    if (candidate > 1n) return candidate;
  }
}

/**
 * RSADP: the raw private-key operation `c^d mod n`, with the CRT and with base blinding (the
 * exponentiation works on `c·r^e` for a fresh random `r`, so its timing does not follow the
 * ciphertext), and checked by re-encryption before its result is used.
 * @see https://www.rfc-editor.org/rfc/rfc8017#section-5.1.2
 */
export function rsaDecryptPrimitive(key: RsaPrivateKey, ciphertext: Uint8Array): Uint8Array | undefined {
  const c = bytesToBigInt(ciphertext);
  if (ciphertext.length !== key.size || c >= key.n) return undefined;
  let r: bigint;
  let rInverse: bigint | undefined;
  do {
    r = randomBelow(key.n, key.size);
    rInverse = modInverse(r, key.n);
  } while (rInverse === undefined);
  const blinded = (c * modPow(r, key.e, key.n)) % key.n;
  const m1 = modPow(blinded % key.p, key.dp, key.p);
  const m2 = modPow(blinded % key.q, key.dq, key.q);
  const h = (((m1 - m2) % key.p) + key.p) % key.p;
  const mBlinded = m2 + key.q * ((h * key.qi) % key.p);
  const m = (mBlinded * rInverse) % key.n;
  if (modPow(m, key.e, key.n) !== c) return undefined;
  return bigIntToBytes(m, key.size);
}

/**
 * RSAEP: the public-key operation `m^e mod n` on an encoded message of the modulus length.
 * @see https://www.rfc-editor.org/rfc/rfc8017#section-5.1.1
 */
export function rsaEncryptPrimitive(key: RsaPublicKey, encoded: Uint8Array): Uint8Array {
  return bigIntToBytes(modPow(bytesToBigInt(encoded), key.e, key.n), key.size);
}
