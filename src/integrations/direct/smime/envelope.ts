import * as asn1js from 'asn1js';
import {
  AlgorithmIdentifier,
  Certificate,
  ContentInfo,
  EncryptedContentInfo,
  EnvelopedData,
  IssuerAndSerialNumber,
  KeyTransRecipientInfo,
  RecipientInfo,
} from 'pkijs';
import { toArrayBuffer } from '../bytes';
import type { SealOptions } from '../types';
import { OID } from './oids';
import { oaepSha256AlgorithmIdentifier } from './rsa-oaep';
import { encryptPkcs1v15 } from './rsa-pkcs1';

/**
 * CMS EnvelopedData (as a DER ContentInfo) of `content` for each recipient certificate: a fresh
 * AES-CBC content key and IV, the key transported to each recipient with RSAES-PKCS1-v1_5 (the
 * default, what Direct peers decrypt) or RSAES-OAEP (SHA-256), recipients named by issuer and
 * serial number.
 * @see https://www.rfc-editor.org/rfc/rfc5652#section-6
 * @see https://www.rfc-editor.org/rfc/rfc5751#section-2.7
 * @see https://www.rfc-editor.org/rfc/rfc3565#section-2.3
 */
export async function encryptEnvelopedData(
  content: Uint8Array,
  recipients: Certificate[],
  options: SealOptions = {},
): Promise<Uint8Array> {
  const aes256 = (options.contentEncryption ?? 'aes-256-cbc') === 'aes-256-cbc';
  const contentKey = crypto.getRandomValues(new Uint8Array(aes256 ? 32 : 16));
  const iv = crypto.getRandomValues(new Uint8Array(16));
  const aesKey = await crypto.subtle.importKey('raw', contentKey, 'AES-CBC', false, ['encrypt']);
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-CBC', iv }, aesKey, toArrayBuffer(content));

  const recipientInfos: RecipientInfo[] = [];
  for (const certificate of recipients) {
    const spki = new Uint8Array(certificate.subjectPublicKeyInfo.toSchema().toBER());
    let encryptedKey: Uint8Array;
    let keyEncryptionAlgorithm: AlgorithmIdentifier;
    if (options.keyTransport === 'rsa-oaep') {
      const publicKey = await crypto.subtle.importKey('spki', toArrayBuffer(spki), { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['encrypt']);
      encryptedKey = new Uint8Array(await crypto.subtle.encrypt({ name: 'RSA-OAEP' }, publicKey, contentKey));
      keyEncryptionAlgorithm = oaepSha256AlgorithmIdentifier();
    } else {
      encryptedKey = await encryptPkcs1v15(spki, contentKey);
      keyEncryptionAlgorithm = new AlgorithmIdentifier({ algorithmId: OID.rsaEncryption, algorithmParams: new asn1js.Null() });
    }
    recipientInfos.push(
      new RecipientInfo({
        variant: 1,
        value: new KeyTransRecipientInfo({
          version: 0,
          rid: new IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
          keyEncryptionAlgorithm,
          encryptedKey: new asn1js.OctetString({ valueHex: toArrayBuffer(encryptedKey) }),
        }),
      }),
    );
  }

  const enveloped = new EnvelopedData({
    version: 0,
    recipientInfos,
    encryptedContentInfo: new EncryptedContentInfo({
      contentType: OID.data,
      contentEncryptionAlgorithm: new AlgorithmIdentifier({
        algorithmId: aes256 ? OID.aes256Cbc : OID.aes128Cbc,
        algorithmParams: new asn1js.OctetString({ valueHex: toArrayBuffer(iv) }),
      }),
      encryptedContent: new asn1js.OctetString({ valueHex: ciphertext }),
      disableSplit: true,
    }),
  });
  const contentInfo = new ContentInfo({ contentType: OID.envelopedData, content: enveloped.toSchema() });
  return new Uint8Array(contentInfo.toSchema().toBER());
}
