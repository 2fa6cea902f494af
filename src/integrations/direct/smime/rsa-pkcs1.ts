import { importRsaPrivateKey, importRsaPublicKey, rsaDecryptPrimitive, rsaEncryptPrimitive } from './rsa-key';

/**
 * RSAES-PKCS1-v1_5 encryption of a content-encryption key: `00 02 PS 00 M` with at least eight
 * random non-zero padding bytes, then RSAEP.
 * @see https://www.rfc-editor.org/rfc/rfc8017#section-7.2.1
 */
export async function encryptPkcs1v15(spki: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
  const key = await importRsaPublicKey(spki);
  const paddingLength = key.size - message.length - 3;
  if (paddingLength < 8) throw new RangeError('message too long for this RSA key');
  const encoded = new Uint8Array(key.size);
  encoded[1] = 2;
  const padding = encoded.subarray(2, 2 + paddingLength);
  crypto.getRandomValues(padding);
  for (let i = 0; i < padding.length; i++) {
    while (padding[i] === 0) padding[i] = crypto.getRandomValues(new Uint8Array(1))[0]!;
  }
  encoded.set(message, 3 + paddingLength);
  return rsaEncryptPrimitive(key, encoded);
}

/**
 * RSAES-PKCS1-v1_5 decryption of a content-encryption key of `expectedLength` bytes, with
 * implicit rejection: when the padding is wrong, the key length is not the expected one or the
 * ciphertext is not a valid RSA input, the result is a random key of the expected length instead
 * of an error, and the padding is examined without data-dependent branches. The caller then fails
 * later, at content decryption, exactly as it would with a wrong key — no padding oracle.
 * WebCrypto has no RSAES-PKCS1-v1_5, and Node 20's `privateDecrypt` refuses it (CVE-2023-46809),
 * so the RSA operation is done here on BigInts (CRT, blinded).
 * @see https://www.rfc-editor.org/rfc/rfc8017#section-7.2.2
 * @see https://www.rfc-editor.org/rfc/rfc3218#section-2.3.2
 */
export async function decryptPkcs1v15ImplicitRejection(
  pkcs8: Uint8Array,
  ciphertext: Uint8Array,
  expectedLength: number,
): Promise<Uint8Array> {
  const key = await importRsaPrivateKey(pkcs8);
  const substitute = crypto.getRandomValues(new Uint8Array(expectedLength));
  const encoded = rsaDecryptPrimitive(key, ciphertext) ?? new Uint8Array(key.size);
  return selectPkcs1v15Payload(encoded, expectedLength, substitute);
}

/**
 * The payload of an EME-PKCS1-v1_5 block when it is well formed and `expectedLength` long, else
 * `substitute`; every byte of the block is read whatever its content.
 * @see https://www.rfc-editor.org/rfc/rfc8017#section-7.2.2 (step 3)
 */
export function selectPkcs1v15Payload(encoded: Uint8Array, expectedLength: number, substitute: Uint8Array): Uint8Array {
  const k = encoded.length;
  let good = isZero(encoded[0]!) & isZero(encoded[1]! ^ 2);
  let lookingForZero = 1;
  let zeroIndex = 0;
  for (let i = 2; i < k; i++) {
    const found = lookingForZero & isZero(encoded[i]!);
    zeroIndex = select(found, i, zeroIndex);
    lookingForZero &= found ^ 1;
  }
  good &= lookingForZero ^ 1;
  good &= lessOrEqual(10, zeroIndex);
  good &= isZero(k - zeroIndex - 1 - expectedLength);
  const result = new Uint8Array(expectedLength);
  const offset = Math.max(0, k - expectedLength);
  for (let j = 0; j < expectedLength; j++) result[j] = select(good, encoded[offset + j] ?? 0, substitute[j]!);
  return result;
}

/** 1 when `value` (a 32-bit integer) is zero, else 0, without a branch. */
function isZero(value: number): number {
  return ((((value | 0) | -(value | 0)) >>> 31) ^ 1) & 1;
}

/** `a` when `flag` is 1, `b` when it is 0, without a branch. */
function select(flag: number, a: number, b: number): number {
  const mask = -flag;
  return (a & mask) | (b & ~mask);
}

/** 1 when `a <= b` for small non-negative integers, without a branch. */
function lessOrEqual(a: number, b: number): number {
  return ((b - a) >>> 31) ^ 1;
}
