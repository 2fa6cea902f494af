import { Certificate } from 'pkijs';
import { decodeBase64, encodeBase64Lines, toArrayBuffer } from '../bytes';

/**
 * The DER bodies of every PEM block labelled `label` in `pem` (in order).
 * @see https://www.rfc-editor.org/rfc/rfc7468#section-2
 */
export function pemBlocks(pem: string, label: string): Uint8Array[] {
  const blocks: Uint8Array[] = [];
  const pattern = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  for (const match of pem.matchAll(pattern)) {
    const der = decodeBase64(match[1]!);
    if (der) blocks.push(der);
  }
  return blocks;
}

/** PEM text for DER bytes. */
export function toPem(der: Uint8Array, label: string): string {
  return `-----BEGIN ${label}-----\n${encodeBase64Lines(der).replace(/\r\n/g, '\n')}\n-----END ${label}-----\n`;
}

/** Parses the first certificate of a PEM text; throws when there is none or it is not X.509. */
export function parseCertificatePem(pem: string): Certificate {
  const [der] = pemBlocks(pem, 'CERTIFICATE');
  if (!der) throw new Error('no CERTIFICATE block in the PEM text');
  return Certificate.fromBER(toArrayBuffer(der));
}

/** Every certificate of a PEM text (a bundle may hold several). */
export function parseCertificatesPem(pem: string): Certificate[] {
  return pemBlocks(pem, 'CERTIFICATE').map((der) => Certificate.fromBER(toArrayBuffer(der)));
}

/** The DER bytes of a PKCS#8 private key PEM; throws when there is none. */
export function pkcs8FromPem(pem: string): Uint8Array {
  const [der] = pemBlocks(pem, 'PRIVATE KEY');
  if (!der) throw new Error('no PRIVATE KEY (PKCS#8) block in the PEM text');
  return der;
}

/** The DER encoding of a certificate. */
export function certificateDer(certificate: Certificate): Uint8Array {
  return new Uint8Array(certificate.toSchema().toBER());
}
