import { decodeBase64Url, encodeBase64Url } from '../../../lib/base64url';

/**
 * Encrypts practices' Direct private keys at rest: AES-256-GCM under a key derived with HKDF-SHA-256
 * from the deployment secret (DIRECT_KEY_SECRET, or ADMIN_TOKEN). The practice and address are the
 * additional authenticated data, so a ciphertext copied to another identity does not decrypt.
 * Stored as `v1.<iv>.<ciphertext+tag>` (base64url).
 * @see https://www.rfc-editor.org/rfc/rfc5869 (HKDF)
 * @see https://nvlpubs.nist.gov/nistpubs/Legacy/SP/nistspecialpublication800-38d.pdf (GCM, 96-bit IVs)
 */
export interface PrivateKeyVault {
  seal(privateKeyPem: string, owner: KeyOwner): Promise<string>;
  /** @throws PrivateKeyUnreadableError when the secret changed or the ciphertext was altered. */
  open(ciphertext: string, owner: KeyOwner): Promise<string>;
}

/** Whose key it is: bound into the ciphertext. */
export interface KeyOwner {
  practiceId: string;
  address: string;
}

export class PrivateKeyUnreadableError extends Error {
  override readonly name = 'PrivateKeyUnreadableError';
}

const VERSION = 'v1';
const HKDF_SALT = new TextEncoder().encode('metbridge/direct-private-keys');
const HKDF_INFO = new TextEncoder().encode('aes-256-gcm v1');

/** A vault over `secret`; the AES key is derived once, lazily, and never leaves WebCrypto. */
export function privateKeyVault(secret: string): PrivateKeyVault {
  if (!secret) throw new Error('privateKeyVault needs a non-empty secret');
  let key: Promise<CryptoKey> | undefined;
  const aesKey = () => (key ??= deriveKey(secret));
  return {
    async seal(privateKeyPem, owner) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const sealed = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: ownerData(owner) },
        await aesKey(),
        new TextEncoder().encode(privateKeyPem),
      );
      return [VERSION, encodeBase64Url(iv), encodeBase64Url(new Uint8Array(sealed))].join('.');
    },
    async open(ciphertext, owner) {
      const [version, ivText, bodyText] = ciphertext.split('.');
      const iv = ivText === undefined ? undefined : decodeBase64Url(ivText);
      const body = bodyText === undefined ? undefined : decodeBase64Url(bodyText);
      if (version !== VERSION || !iv || !body) throw new PrivateKeyUnreadableError('The stored private key is not in a known format.');
      try {
        const plain = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: iv as BufferSource, additionalData: ownerData(owner) },
          await aesKey(),
          body as BufferSource,
        );
        return new TextDecoder().decode(plain);
      } catch {
        throw new PrivateKeyUnreadableError('The stored private key does not decrypt with the configured secret.');
      }
    },
  };
}

async function deriveKey(secret: string): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: HKDF_SALT, info: HKDF_INFO },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

function ownerData(owner: KeyOwner): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`${owner.practiceId}\n${owner.address.toLowerCase()}`);
}
