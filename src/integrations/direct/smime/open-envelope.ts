import * as asn1js from 'asn1js';
import { Certificate, ContentInfo, EnvelopedData, IssuerAndSerialNumber, KeyTransRecipientInfo } from 'pkijs';
import { toArrayBuffer } from '../bytes';
import { DirectRejection } from '../rejection';
import { CONTENT_CIPHERS, OID } from './oids';
import { oaepHash } from './rsa-oaep';
import { decryptPkcs1v15ImplicitRejection } from './rsa-pkcs1';

/** A private key of ours with its certificate, as {@link decryptEnvelopedData} needs it. */
export interface DecryptionKey {
  certificate: Certificate;
  pkcs8: Uint8Array;
}

/**
 * Decrypts a CMS EnvelopedData (DER or BER ContentInfo) with one of our keys and returns the
 * content and the key that opened it.
 *
 * Content encryption must be AES-CBC (3DES, RC2, DES and anything else: `weak-algorithm`); key
 * transport RSAES-PKCS1-v1_5 or RSAES-OAEP. Every way of not getting the content — no recipient
 * info for our certificates, a wrong key, a corrupted key block, corrupted ciphertext — ends the
 * same way: the content key is replaced by a random one where it could not be recovered, and the
 * failure surfaces once, at content decryption, as `undecryptable`.
 * @see https://www.rfc-editor.org/rfc/rfc5652#section-6.2.1
 * @see https://www.rfc-editor.org/rfc/rfc5751#section-2.7
 */
export async function decryptEnvelopedData(
  der: Uint8Array,
  keys: DecryptionKey[],
): Promise<{ content: Uint8Array; key: DecryptionKey }> {
  const enveloped = parseEnvelopedData(der);
  const encryptedContentInfo = enveloped.encryptedContentInfo;
  const cipher = CONTENT_CIPHERS[encryptedContentInfo.contentEncryptionAlgorithm.algorithmId];
  if (!cipher || cipher.name !== 'AES-CBC') {
    throw new DirectRejection(
      'weak-algorithm',
      `content encryption ${encryptedContentInfo.contentEncryptionAlgorithm.algorithmId} is not AES-CBC`,
    );
  }
  const ivParam = encryptedContentInfo.contentEncryptionAlgorithm.algorithmParams;
  const iv = ivParam instanceof asn1js.OctetString ? ivParam.valueBlock.valueHexView : undefined;
  if (!iv || iv.length !== 16) throw new DirectRejection('malformed', 'AES-CBC without a 16-byte IV');

  const transports = enveloped.recipientInfos
    .filter((info) => info.variant === 1)
    .map((info) => info.value as KeyTransRecipientInfo);
  if (transports.length === 0 || keys.length === 0) {
    throw new DirectRejection('undecryptable', 'no RSA key transport recipient info for our certificates');
  }
  const [transport, key] = findRecipient(transports, keys) ?? [transports[0]!, keys[0]!];
  const contentKey = await recoverContentKey(transport, key, cipher.keyBytes);

  let ciphertext: ArrayBuffer;
  try {
    ciphertext = encryptedContentInfo.getEncryptedContent();
  } catch {
    throw new DirectRejection('malformed', 'EnvelopedData without encrypted content');
  }
  try {
    const aesKey = await crypto.subtle.importKey('raw', toArrayBuffer(contentKey), 'AES-CBC', false, ['decrypt']);
    const content = await crypto.subtle.decrypt({ name: 'AES-CBC', iv: toArrayBuffer(iv) }, aesKey, ciphertext);
    return { content: new Uint8Array(content), key };
  } catch {
    throw new DirectRejection('undecryptable', 'the message could not be decrypted with our keys');
  }
}

function parseEnvelopedData(der: Uint8Array): EnvelopedData {
  let contentInfo: ContentInfo;
  try {
    contentInfo = ContentInfo.fromBER(toArrayBuffer(der));
  } catch {
    throw new DirectRejection('malformed', 'the S/MIME body is not a CMS ContentInfo');
  }
  if (contentInfo.contentType === OID.signedData) {
    throw new DirectRejection('not-encrypted', 'the S/MIME body is signed but not encrypted');
  }
  if (contentInfo.contentType !== OID.envelopedData) {
    throw new DirectRejection('not-encrypted', `the CMS content is ${contentInfo.contentType}, not EnvelopedData`);
  }
  try {
    return new EnvelopedData({ schema: contentInfo.content });
  } catch {
    throw new DirectRejection('malformed', 'the EnvelopedData cannot be read');
  }
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
  if (rid instanceof asn1js.OctetString) {
    const identifier = subjectKeyIdentifier(certificate);
    return identifier !== undefined && bytesMatch(identifier, rid.valueBlock.valueHexView);
  }
  return false;
}

function subjectKeyIdentifier(certificate: Certificate): Uint8Array | undefined {
  const extension = certificate.extensions?.find((candidate) => candidate.extnID === OID.subjectKeyIdentifier);
  const value = extension?.parsedValue;
  return value instanceof asn1js.OctetString ? value.valueBlock.valueHexView : undefined;
}

function bytesMatch(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

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
      // Falls through to a random key: the failure surfaces at content decryption.
    }
    return crypto.getRandomValues(new Uint8Array(keyBytes));
  }
  throw new DirectRejection('weak-algorithm', `key transport ${algorithm.algorithmId} is not RSA`);
}
