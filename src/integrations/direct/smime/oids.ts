/**
 * Object identifiers of the CMS and S/MIME algorithms the security agent speaks or refuses.
 * @see https://www.rfc-editor.org/rfc/rfc5652
 * @see https://www.rfc-editor.org/rfc/rfc5751#section-2
 * @see https://www.rfc-editor.org/rfc/rfc8017#appendix-C
 */
export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  authEnvelopedData: '1.2.840.113549.1.9.16.1.23',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  smimeCapabilities: '1.2.840.113549.1.9.15',
  emailAddress: '1.2.840.113549.1.9.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaesOaep: '1.2.840.113549.1.1.7',
  mgf1: '1.2.840.113549.1.1.8',
  rsassaPss: '1.2.840.113549.1.1.10',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  aes128Cbc: '2.16.840.1.101.3.4.1.2',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  aes128Gcm: '2.16.840.1.101.3.4.1.6',
  aes256Gcm: '2.16.840.1.101.3.4.1.46',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extendedKeyUsage: '2.5.29.37',
  subjectKeyIdentifier: '2.5.29.14',
} as const;

/** SHA-2 digests we accept, by OID (SHA-1 and MD5 are refused). */
export const DIGESTS: Record<string, 'SHA-256' | 'SHA-384' | 'SHA-512'> = {
  [OID.sha256]: 'SHA-256',
  [OID.sha384]: 'SHA-384',
  [OID.sha512]: 'SHA-512',
};

/** RSASSA-PKCS1-v1_5 signature OIDs we accept and their digest. */
export const RSA_SIGNATURES: Record<string, 'SHA-256' | 'SHA-384' | 'SHA-512'> = {
  '1.2.840.113549.1.1.11': 'SHA-256',
  '1.2.840.113549.1.1.12': 'SHA-384',
  '1.2.840.113549.1.1.13': 'SHA-512',
};

/** AES content-encryption OIDs we accept: key length in bytes and mode. */
export const CONTENT_CIPHERS: Record<string, { name: 'AES-CBC' | 'AES-GCM'; keyBytes: 16 | 32 }> = {
  [OID.aes128Cbc]: { name: 'AES-CBC', keyBytes: 16 },
  [OID.aes256Cbc]: { name: 'AES-CBC', keyBytes: 32 },
  [OID.aes128Gcm]: { name: 'AES-GCM', keyBytes: 16 },
  [OID.aes256Gcm]: { name: 'AES-GCM', keyBytes: 32 },
};
