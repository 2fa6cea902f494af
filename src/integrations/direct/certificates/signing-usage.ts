import * as asn1js from 'asn1js';
import { Certificate, ExtKeyUsage } from 'pkijs';
import { OID } from '../smime/oids';
import { hasKeyUsageBit } from './trust-chain';

const EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4';
const ANY_EXTENDED_KEY_USAGE = '2.5.29.37.0';

/**
 * True when the certificate may sign S/MIME messages: a key usage extension, when present, must
 * allow digitalSignature or nonRepudiation; an extended key usage extension, when present, must
 * include emailProtection (or anyExtendedKeyUsage).
 * @see https://www.rfc-editor.org/rfc/rfc5750#section-4.4.2
 * @see https://www.rfc-editor.org/rfc/rfc5750#section-4.4.4
 */
export function mayProtectEmail(certificate: Certificate): boolean {
  const extensions = certificate.extensions ?? [];
  const keyUsage = extensions.find((extension) => extension.extnID === OID.keyUsage)?.parsedValue;
  if (keyUsage instanceof asn1js.BitString && !hasKeyUsageBit(keyUsage, 0) && !hasKeyUsageBit(keyUsage, 1)) return false;
  const extendedKeyUsage = extensions.find((extension) => extension.extnID === OID.extendedKeyUsage)?.parsedValue;
  if (extendedKeyUsage instanceof ExtKeyUsage) {
    return extendedKeyUsage.keyPurposes.some((purpose) => purpose === EMAIL_PROTECTION || purpose === ANY_EXTENDED_KEY_USAGE);
  }
  return true;
}
