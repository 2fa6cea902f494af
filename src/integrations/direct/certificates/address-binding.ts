import { AltName, Certificate } from 'pkijs';
import { addressDomain, sameAddress } from '../mime/addresses';
import { OID } from '../smime/oids';

/**
 * True when the certificate is bound to the Direct address: an address-bound certificate carries
 * it as a subjectAltName rfc822Name, an organizational (domain-bound) certificate carries the
 * address's domain as a subjectAltName dNSName; older certificates carry the address as the
 * PKCS#9 emailAddress of the subject name.
 * @see https://www.healthit.gov/sites/default/files/directproject/Applicability%20Statement%20for%20Secure%20Health%20Transport%20v1.2.pdf (§ 4.1: address- and organizational-bound certificates)
 * @see https://www.rfc-editor.org/rfc/rfc5750#section-3
 */
export function isBoundToAddress(certificate: Certificate, address: string): boolean {
  const domain = addressDomain(address);
  const altNames = certificate.extensions?.find((extension) => extension.extnID === OID.subjectAltName)?.parsedValue;
  if (altNames instanceof AltName) {
    for (const name of altNames.altNames) {
      if (name.type === 1 && typeof name.value === 'string' && sameAddress(name.value, address)) return true;
      if (name.type === 2 && typeof name.value === 'string' && name.value.toLowerCase() === domain) return true;
    }
  }
  return certificate.subject.typesAndValues.some(
    (attribute) =>
      attribute.type === OID.emailAddress &&
      typeof attribute.value.valueBlock.value === 'string' &&
      sameAddress(attribute.value.valueBlock.value, address),
  );
}
