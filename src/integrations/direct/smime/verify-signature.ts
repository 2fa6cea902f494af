import * as asn1js from 'asn1js';
import { Certificate, ContentInfo, IssuerAndSerialNumber, SignedData, SignerInfo } from 'pkijs';
import { toArrayBuffer } from '../bytes';
import { MINIMUM_RSA_BITS, rsaModulusBits, verifyRsaSignature } from '../certificates/public-key';
import { DirectRejection } from '../rejection';
import { DIGESTS, OID, RSA_SIGNATURES } from './oids';

const MAXIMUM_SIGNERS = 4;

/** What a valid signature tells: who signed, what, and the certificates the message carried. */
export interface VerifiedSignature {
  signer: Certificate;
  certificates: Certificate[];
  /** The signed content: the detached content given, or the one encapsulated in the SignedData. */
  content: Uint8Array;
}

/**
 * Verifies a CMS SignedData (DER ContentInfo) over `detachedContent`, or over its encapsulated
 * content when no detached content is given (`smime-type=signed-data`): a SHA-2 digest (SHA-1
 * and MD5 are `weak-algorithm`), an RSASSA-PKCS1-v1_5 signature by an RSA key of at least 2048
 * bits, the signed attributes' message digest and content type. The signer certificate must be
 * among the certificates carried by the message. Every signer info must verify.
 * @see https://www.rfc-editor.org/rfc/rfc5652#section-5.4
 * @see https://www.rfc-editor.org/rfc/rfc5652#section-5.6
 * @see https://www.rfc-editor.org/rfc/rfc5751#section-2.1
 */
export async function verifySignedData(signatureDer: Uint8Array, detachedContent?: Uint8Array): Promise<VerifiedSignature> {
  const signedData = parseSignedData(signatureDer);
  const encapsulated = signedData.encapContentInfo.eContent;
  const content = detachedContent ?? (encapsulated ? new Uint8Array(encapsulated.getValue()) : undefined);
  if (!content) throw new DirectRejection('malformed', 'the SignedData carries no content and none was given');
  const certificates = (signedData.certificates ?? []).filter((entry): entry is Certificate => entry instanceof Certificate);
  if (signedData.signerInfos.length === 0) throw new DirectRejection('not-signed', 'the SignedData has no signer');
  if (signedData.signerInfos.length > MAXIMUM_SIGNERS) throw new DirectRejection('malformed', 'too many signers');
  let signer: Certificate | undefined;
  for (const signerInfo of signedData.signerInfos) {
    const certificate = await verifySignerInfo(signerInfo, signedData.encapContentInfo.eContentType, certificates, content);
    signer ??= certificate;
  }
  return { signer: signer!, certificates, content };
}

function parseSignedData(der: Uint8Array): SignedData {
  let contentInfo: ContentInfo;
  try {
    contentInfo = ContentInfo.fromBER(toArrayBuffer(der));
  } catch {
    throw new DirectRejection('malformed', 'the signature part is not a CMS ContentInfo');
  }
  if (contentInfo.contentType !== OID.signedData) throw new DirectRejection('not-signed', 'the signature part is not SignedData');
  try {
    return new SignedData({ schema: contentInfo.content });
  } catch {
    throw new DirectRejection('malformed', 'the SignedData cannot be read');
  }
}

async function verifySignerInfo(
  signerInfo: SignerInfo,
  eContentType: string,
  certificates: Certificate[],
  content: Uint8Array,
): Promise<Certificate> {
  const hash = DIGESTS[signerInfo.digestAlgorithm.algorithmId];
  if (!hash) throw new DirectRejection('weak-algorithm', `digest ${signerInfo.digestAlgorithm.algorithmId} is not SHA-2`);
  const signatureAlgorithm = signerInfo.signatureAlgorithm.algorithmId;
  if (signatureAlgorithm !== OID.rsaEncryption && RSA_SIGNATURES[signatureAlgorithm] !== hash) {
    throw new DirectRejection('weak-algorithm', `signature algorithm ${signatureAlgorithm} is not RSA with ${hash}`);
  }
  const signer = certificates.find((certificate) => identifies(signerInfo, certificate));
  if (!signer) throw new DirectRejection('untrusted-signer', 'the signer certificate is not in the message');
  if ((rsaModulusBits(signer) ?? 0) < MINIMUM_RSA_BITS) {
    throw new DirectRejection('weak-algorithm', `the signer key is not RSA of at least ${MINIMUM_RSA_BITS} bits`);
  }

  const digest = new Uint8Array(await crypto.subtle.digest(hash, toArrayBuffer(content)));
  let signedBytes = content;
  if (signerInfo.signedAttrs) {
    const attributes = signerInfo.signedAttrs.attributes;
    const messageDigest = attributes.find((attribute) => attribute.type === OID.messageDigest)?.values[0];
    const contentType = attributes.find((attribute) => attribute.type === OID.contentType)?.values[0];
    if (!(messageDigest instanceof asn1js.OctetString) || !sameBytes(messageDigest.valueBlock.valueHexView, digest)) {
      throw new DirectRejection('bad-signature', 'the message digest does not match the signed content');
    }
    if (!(contentType instanceof asn1js.ObjectIdentifier) || contentType.valueBlock.toString() !== eContentType) {
      throw new DirectRejection('bad-signature', 'the signed content type attribute does not match');
    }
    signedBytes = new Uint8Array(signerInfo.signedAttrs.encodedValue);
  }
  const valid = await verifyRsaSignature(signer, hash, signerInfo.signature.valueBlock.valueHexView, signedBytes);
  if (!valid) throw new DirectRejection('bad-signature', 'the signature does not verify');
  return signer;
}

function identifies(signerInfo: SignerInfo, certificate: Certificate): boolean {
  const sid = signerInfo.sid;
  if (sid instanceof IssuerAndSerialNumber) {
    return sid.issuer.isEqual(certificate.issuer) && sid.serialNumber.isEqual(certificate.serialNumber);
  }
  const keyIdentifier = certificate.extensions?.find((extension) => extension.extnID === OID.subjectKeyIdentifier)?.parsedValue;
  const sidBytes = (sid as { valueBlock?: { valueHexView?: Uint8Array } }).valueBlock?.valueHexView;
  return keyIdentifier instanceof asn1js.OctetString && sidBytes !== undefined && sameBytes(keyIdentifier.valueBlock.valueHexView, sidBytes);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
