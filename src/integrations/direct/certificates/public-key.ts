import type { Certificate } from 'pkijs';
import { toArrayBuffer } from '../bytes';
import { OID, RSA_SIGNATURES } from '../smime/oids';

/** The smallest RSA modulus we accept for signatures and certificates. */
export const MINIMUM_RSA_BITS = 2048;

/** The certificate's SubjectPublicKeyInfo, DER. */
export function subjectPublicKeyInfo(certificate: Certificate): Uint8Array {
  return new Uint8Array(certificate.subjectPublicKeyInfo.toSchema().toBER());
}

/** The RSA modulus length in bits, or undefined when the key is not RSA. */
export function rsaModulusBits(certificate: Certificate): number | undefined {
  if (certificate.subjectPublicKeyInfo.algorithm.algorithmId !== OID.rsaEncryption) return undefined;
  const parsed = certificate.subjectPublicKeyInfo.parsedKey as { modulus?: { valueBlock: { valueHexView: Uint8Array } } } | undefined;
  const modulus = parsed?.modulus?.valueBlock.valueHexView;
  if (!modulus) return undefined;
  let start = 0;
  while (start < modulus.length && modulus[start] === 0) start++;
  const leading = modulus[start] ?? 0;
  return (modulus.length - start - 1) * 8 + (leading === 0 ? 0 : Math.floor(Math.log2(leading)) + 1);
}

/**
 * Verifies an RSASSA-PKCS1-v1_5 signature made by `certificate`'s key over `data`.
 * @see https://www.rfc-editor.org/rfc/rfc8017#section-8.2.2
 */
export async function verifyRsaSignature(
  certificate: Certificate,
  hash: 'SHA-256' | 'SHA-384' | 'SHA-512',
  signature: Uint8Array,
  data: Uint8Array,
): Promise<boolean> {
  try {
    const key = await crypto.subtle.importKey(
      'spki',
      toArrayBuffer(subjectPublicKeyInfo(certificate)),
      { name: 'RSASSA-PKCS1-v1_5', hash },
      false,
      ['verify'],
    );
    return await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, toArrayBuffer(signature), toArrayBuffer(data));
  } catch {
    return false;
  }
}

/**
 * True when `issuer`'s key made `certificate`'s signature with a SHA-2 RSA algorithm; undefined
 * when the certificate is signed with an algorithm we refuse (SHA-1, MD5) or do not implement.
 * @see https://www.rfc-editor.org/rfc/rfc5280#section-6.1.3
 */
export async function verifyCertificateSignature(certificate: Certificate, issuer: Certificate): Promise<boolean | undefined> {
  const hash = RSA_SIGNATURES[certificate.signatureAlgorithm.algorithmId];
  if (!hash) return undefined;
  return verifyRsaSignature(issuer, hash, certificate.signatureValue.valueBlock.valueHexView, certificate.tbsView);
}
