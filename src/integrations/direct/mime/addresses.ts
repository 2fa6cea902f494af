import { splitOutsideQuotes } from './content-type';

/**
 * The addr-specs of an RFC 5322 address list (`"Dr. Lee, MD" <lee@direct.example>, b@x.example`),
 * display names, comments and group syntax removed. Addresses keep their case; compare them with
 * {@link sameAddress}.
 * @see https://www.rfc-editor.org/rfc/rfc5322#section-3.4
 */
export function parseAddressList(value: string | undefined): string[] {
  if (!value) return [];
  const withoutComments = value.replace(/\((?:[^()\\]|\\.)*\)/g, ' ');
  const addresses: string[] = [];
  for (const piece of splitOutsideQuotes(withoutComments.replace(/;/g, ','), ',')) {
    const member = piece.includes(':') && !piece.includes('<') ? piece.slice(piece.indexOf(':') + 1) : piece;
    const angle = /<([^<>]*)>/.exec(member);
    const address = (angle ? angle[1]! : member).trim();
    if (/^[^\s@<>",]+@[^\s@<>",]+$/.test(address)) addresses.push(address);
  }
  return addresses;
}

/** Direct addresses are compared without regard to case, as HISPs and certificates treat them. */
export function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The domain part of an address, lower case. */
export function addressDomain(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
