import * as asn1js from 'asn1js';
import {
  AlgorithmIdentifier,
  Attribute,
  Certificate,
  ContentInfo,
  EncapsulatedContentInfo,
  IssuerAndSerialNumber,
  SignedAndUnsignedAttributes,
  SignedData,
  SignerInfo,
} from 'pkijs';
import { concatBytes, toArrayBuffer } from '../bytes';
import { OID } from './oids';

/**
 * A detached CMS SignedData (as a DER ContentInfo) over `content`: SHA-256 digest, RSASSA-PKCS1-v1_5
 * signature over the signed attributes (content type, message digest, signing time, S/MIME
 * capabilities), the signer certificate and any intermediates included.
 * @see https://www.rfc-editor.org/rfc/rfc5652#section-5
 * @see https://www.rfc-editor.org/rfc/rfc5751#section-2.5
 * @see https://www.rfc-editor.org/rfc/rfc5754#section-3.2
 */
export async function signDetached(
  content: Uint8Array,
  signer: Certificate,
  chain: Certificate[],
  pkcs8: Uint8Array,
  signingTime: Date,
): Promise<Uint8Array> {
  const digest = await crypto.subtle.digest('SHA-256', toArrayBuffer(content));
  const attributes = sortedForDer([
    new Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new Attribute({ type: OID.signingTime, values: [new asn1js.UTCTime({ valueDate: signingTime })] }),
    new Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: digest })] }),
    new Attribute({ type: OID.smimeCapabilities, values: [smimeCapabilities()] }),
  ]);
  const signedAttributesDer = concatBytes(
    new Uint8Array([0x31]),
    new Uint8Array(new SignedAndUnsignedAttributes({ type: 0, attributes }).toSchema().toBER()).subarray(1),
  );
  const key = await crypto.subtle.importKey('pkcs8', toArrayBuffer(pkcs8), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
  const signature = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, toArrayBuffer(signedAttributesDer));

  const sha256 = new AlgorithmIdentifier({ algorithmId: OID.sha256 });
  const signedData = new SignedData({
    version: 1,
    digestAlgorithms: [sha256],
    encapContentInfo: new EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: [signer, ...chain],
    signerInfos: [
      new SignerInfo({
        version: 1,
        sid: new IssuerAndSerialNumber({ issuer: signer.issuer, serialNumber: signer.serialNumber }),
        digestAlgorithm: sha256,
        signedAttrs: new SignedAndUnsignedAttributes({ type: 0, attributes }),
        signatureAlgorithm: new AlgorithmIdentifier({ algorithmId: OID.rsaEncryption, algorithmParams: new asn1js.Null() }),
        signature: new asn1js.OctetString({ valueHex: signature }),
      }),
    ],
  });
  return new Uint8Array(new ContentInfo({ contentType: OID.signedData, content: signedData.toSchema() }).toSchema().toBER());
}

/**
 * SMIMECapabilities: we decrypt AES-256-CBC and AES-128-CBC.
 * @see https://www.rfc-editor.org/rfc/rfc5751#section-2.5.2
 */
function smimeCapabilities(): asn1js.Sequence {
  return new asn1js.Sequence({
    value: [OID.aes256Cbc, OID.aes128Cbc].map(
      (oid) => new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid })] }),
    ),
  });
}

/**
 * Orders SET OF members by their DER encodings, as DER requires: verifiers such as OpenSSL
 * re-encode the signed attributes before checking the signature.
 * @see https://www.itu.int/rec/T-REC-X.690 (§ 11.6)
 */
function sortedForDer(attributes: Attribute[]): Attribute[] {
  const encoded = attributes.map((attribute) => ({ attribute, der: new Uint8Array(attribute.toSchema().toBER()) }));
  encoded.sort((a, b) => {
    const length = Math.max(a.der.length, b.der.length);
    for (let i = 0; i < length; i++) {
      const difference = (a.der[i] ?? 0) - (b.der[i] ?? 0);
      if (difference !== 0) return difference;
    }
    return 0;
  });
  return encoded.map((entry) => entry.attribute);
}
