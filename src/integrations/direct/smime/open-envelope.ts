import * as asn1js from 'asn1js';
import { Certificate, IssuerAndSerialNumber, KeyTransRecipientInfo } from 'pkijs';
import { concatBytes, toArrayBuffer } from '../bytes';
import { DirectRejection } from '../rejection';
import { CONTENT_CIPHERS, OID } from './oids';
import { parseEnvelope, type ParsedEnvelope } from './parse-envelope';
import { oaepHash } from './rsa-oaep';
import { decryptPkcs1v15ImplicitRejection } from './rsa-pkcs1';

/** A private key of ours with its certificate, as {@link decryptEnvelopedData} needs it. */
export interface DecryptionKey {
  certificate: Certificate;
  pkcs8: Uint8Array;
}

/**
 * Decrypts a CMS EnvelopedData or AuthEnvelopedData (DER or BER ContentInfo) with one of our keys
 * and returns the content and the key that opened it.
 *
 * Content encryption must be AES-CBC (EnvelopedData) or AES-GCM (AuthEnvelopedData); 3DES, RC2,
 * DES and anything else are `weak-algorithm`. Key transport is RSAES-PKCS1-v1_5 or RSAES-OAEP.
 * Every way of not getting the content — no recipient info for our certificates, a wrong key, a
 * corrupted key block, corrupted ciphertext — ends the same way: the content key is replaced by a
 * random one where it could not be recovered, and the failure surfaces once, at content
 * decryption, as `undecryptable`.
 * @see https://www.rfc-editor.org/rfc/rfc5652#section-6.2.1
 * @see https://www.rfc-editor.org/rfc/rfc5751#section-2.7
 * @see https://www.rfc-editor.org/rfc/rfc5083
 */
export async function decryptEnvelopedData(
  der: Uint8Array,
  keys: DecryptionKey[],
): Promise<{ content: Uint8Array; key: DecryptionKey }> {
  const envelope = parseEnvelope(der);
  const algorithm = envelope.encryptedContentInfo.contentEncryptionAlgorithm;
  const cipher = CONTENT_CIPHERS[algorithm.algorithmId];
  if (!cipher || (cipher.name === 'AES-GCM') !== envelope.authenticated) {
    throw new DirectRejection('weak-algorithm', `content encryption ${algorithm.algorithmId} is not AES-CBC or AES-GCM`);
  }
  const parameters = contentCipherParameters(envelope, cipher.name);

  const transports = envelope.recipientInfos
    .filter((info) => info.variant === 1)
    .map((info) => info.value as KeyTransRecipientInfo);
  if (transports.length === 0 || keys.length === 0) {
    throw new DirectRejection('undecryptable', 'no RSA key transport recipient info for our certificates');
  }
  const [transport, key] = findRecipient(transports, keys) ?? [transports[0]!, keys[0]!];
  const contentKey = await recoverContentKey(transport, key, cipher.keyBytes);

  let ciphertext: Uint8Array;
  try {
    ciphertext = new Uint8Array(envelope.encryptedContentInfo.getEncryptedContent());
  } catch {
    throw new DirectRejection('malformed', 'enveloped data without encrypted content');
  }
  if (envelope.mac) ciphertext = concatBytes(ciphertext, envelope.mac);
  try {
    const aesKey = await crypto.subtle.importKey('raw', toArrayBuffer(contentKey), cipher.name, false, ['decrypt']);
    const content = await crypto.subtle.decrypt(parameters, aesKey, toArrayBuffer(ciphertext));
    return { content: new Uint8Array(content), key };
  } catch {
    throw new DirectRejection('undecryptable', 'the message could not be decrypted with our keys');
  }
}

/**
 * The WebCrypto parameters of the content cipher: the CBC IV, or the GCM nonce, tag length and
 * authenticated attributes.
 * @see https://www.rfc-editor.org/rfc/rfc3565#section-4.1
 * @see https://www.rfc-editor.org/rfc/rfc5084#section-3.2
 */
function contentCipherParameters(envelope: ParsedEnvelope, name: 'AES-CBC' | 'AES-GCM'): AesCbcParams | AesGcmParams {
  const params = envelope.encryptedContentInfo.contentEncryptionAlgorithm.algorithmParams;
  if (name === 'AES-CBC') {
    const iv = params instanceof asn1js.OctetString ? params.valueBlock.valueHexView : undefined;
    if (!iv || iv.length !== 16) throw new DirectRejection('malformed', 'AES-CBC without a 16-byte IV');
    return { name, iv: toArrayBuffer(iv) };
  }
  const [nonce, icvLength] = params instanceof asn1js.Sequence ? params.valueBlock.value : [];
  const tagBytes = icvLength === undefined ? 12 : icvLength instanceof asn1js.Integer ? icvLength.valueBlock.valueDec : 0;
  if (!(nonce instanceof asn1js.OctetString) || tagBytes < 12 || tagBytes > 16 || envelope.mac?.length !== tagBytes) {
    throw new DirectRejection('malformed', 'AES-GCM without usable parameters');
  }
  const gcm: AesGcmParams = { name, iv: toArrayBuffer(nonce.valueBlock.valueHexView), tagLength: tagBytes * 8 };
  if (envelope.authenticatedAttributes) gcm.additionalData = toArrayBuffer(envelope.authenticatedAttributes);
  return gcm;
}

function findRecipient(
  transports: KeyTransRecipientInfo[],
  keys: DecryptionKey[],
): [KeyTransRecipientInfo, DecryptionKey] | undefined {
  for (const transport of transports) {
    for (const key of keys) {
      if (recipientMatches(transport, key.certificate)) return [transport, key];
    }
  }
  return undefined;
}

function recipientMatches(transport: KeyTransRecipientInfo, certificate: Certificate): boolean {
  const rid = transport.rid;
  if (rid instanceof IssuerAndSerialNumber) {
    return rid.issuer.isEqual(certificate.issuer) && rid.serialNumber.isEqual(certificate.serialNumber);
  }
  const identifier = subjectKeyIdentifier(certificate);
  return identifier !== undefined && bytesMatch(identifier, rid.valueBlock.valueHexView);
}

function subjectKeyIdentifier(certificate: Certificate): Uint8Array | undefined {
  const extension = certificate.extensions?.find((candidate) => candidate.extnID === OID.subjectKeyIdentifier);
  const value = extension?.parsedValue;
  return value instanceof asn1js.OctetString ? value.valueBlock.valueHexView : undefined;
}

function bytesMatch(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * The content key from a key transport recipient info; a random key of the right length whenever
 * it cannot be recovered (see {@link decryptPkcs1v15ImplicitRejection}).
 */
async function recoverContentKey(transport: KeyTransRecipientInfo, key: DecryptionKey, keyBytes: number): Promise<Uint8Array> {
  const encryptedKey = transport.encryptedKey.valueBlock.valueHexView;
  const algorithm = transport.keyEncryptionAlgorithm;
  if (algorithm.algorithmId === OID.rsaEncryption) {
    return decryptPkcs1v15ImplicitRejection(key.pkcs8, encryptedKey, keyBytes);
  }
  if (algorithm.algorithmId === OID.rsaesOaep) {
    const hash = oaepHash(algorithm);
    if (!hash) throw new DirectRejection('weak-algorithm', 'RSAES-OAEP parameters we do not implement');
    try {
      const privateKey = await crypto.subtle.importKey('pkcs8', toArrayBuffer(key.pkcs8), { name: 'RSA-OAEP', hash }, false, ['decrypt']);
      const recovered = new Uint8Array(await crypto.subtle.decrypt({ name: 'RSA-OAEP' }, privateKey, toArrayBuffer(encryptedKey)));
      if (recovered.length === keyBytes) return recovered;
    } catch {
      // An OAEP failure is answered like a PKCS#1 v1.5 one: with a random key.
    }
    return crypto.getRandomValues(new Uint8Array(keyBytes));
  }
  throw new DirectRejection('weak-algorithm', `key transport ${algorithm.algorithmId} is not RSA`);
}
