import { Certificate } from 'pkijs';

/**
 * What the admin API checks before it stores a certificate or key: the PEM holds an X.509
 * certificate, and a private key is the PKCS#8 RSA key of that certificate. Trust, validity
 * and address binding of senders are the security agent's checks on each message.
 * @see https://www.rfc-editor.org/rfc/rfc7468 (PEM)
 * @see https://www.rfc-editor.org/rfc/rfc5280#section-4.1
 */

export interface CertificateSummary {
  /** The subject's common name, or the whole subject when it has none. */
  subject: string;
  notBefore: Date;
  notAfter: Date;
  /** SHA-256 of the DER encoding, lowercase hex. */
  fingerprint: string;
  der: Uint8Array;
  certificate: Certificate;
}

const COMMON_NAME = '2.5.4.3';

/** The DER bodies of the PEM blocks labelled `label`. */
export function pemBodies(pem: string, label: string): Uint8Array[] {
  const pattern = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]*?)-----END ${label}-----`, 'g');
  const bodies: Uint8Array[] = [];
  for (const match of pem.matchAll(pattern)) {
    try {
      bodies.push(Uint8Array.from(atob(match[1]!.replace(/\s+/g, '')), (char) => char.charCodeAt(0)));
    } catch {
      // not base64: not a block
    }
  }
  return bodies;
}

/** The first certificate of `pem`, summarised; undefined when there is none or it does not parse. */
export async function readCertificatePem(pem: string): Promise<CertificateSummary | undefined> {
  const [der] = pemBodies(pem, 'CERTIFICATE');
  if (!der) return undefined;
  let certificate: Certificate;
  try {
    certificate = Certificate.fromBER(der.slice().buffer);
  } catch {
    return undefined;
  }
  const commonName = certificate.subject.typesAndValues.find((entry) => entry.type === COMMON_NAME);
  const subject = commonName
    ? String(commonName.value.valueBlock.value)
    : certificate.subject.typesAndValues.map((entry) => String(entry.value.valueBlock.value)).join(', ');
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', der as BufferSource));
  return {
    subject,
    notBefore: certificate.notBefore.value,
    notAfter: certificate.notAfter.value,
    fingerprint: Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join(''),
    der,
    certificate,
  };
}

export type KeyCheck = 'matches' | 'mismatch' | 'unreadable' | 'not-rsa';

/** Whether `privateKeyPem` (PKCS#8) is the RSA private key of `certificate`'s public key. */
export async function checkPrivateKey(certificate: Certificate, privateKeyPem: string): Promise<KeyCheck> {
  const [pkcs8] = pemBodies(privateKeyPem, 'PRIVATE KEY');
  if (!pkcs8) return 'unreadable';
  const rsa = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  let privateJwk: JsonWebKey;
  try {
    const key = await crypto.subtle.importKey('pkcs8', pkcs8 as BufferSource, rsa, true, ['sign']);
    privateJwk = await crypto.subtle.exportKey('jwk', key);
  } catch {
    return 'not-rsa';
  }
  let publicJwk: JsonWebKey;
  try {
    const spki = certificate.subjectPublicKeyInfo.toSchema().toBER(false);
    publicJwk = await crypto.subtle.exportKey('jwk', await crypto.subtle.importKey('spki', spki, rsa, true, ['verify']));
  } catch {
    return 'mismatch';
  }
  return privateJwk.n === publicJwk.n && privateJwk.e === publicJwk.e ? 'matches' : 'mismatch';
}
