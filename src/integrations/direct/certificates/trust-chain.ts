import * as asn1js from 'asn1js';
import { BasicConstraints, Certificate } from 'pkijs';
import { DirectRejection } from '../rejection';
import { OID } from '../smime/oids';
import { certificateDer } from './pem';
import { verifyCertificateSignature } from './public-key';

const MAXIMUM_CHAIN_LENGTH = 8;
/** Signature checks one path search may spend: a message full of look-alike CAs cannot make it explode. */
const SIGNATURE_CHECK_BUDGET = 32;

/**
 * Builds a chain from the signer certificate to one of the configured trust anchors, taking
 * intermediates from `candidates` (the certificates the CMS message carried), and checks every
 * certificate's validity period at `now`. Issuers must be CA certificates (basicConstraints cA,
 * keyCertSign when key usage is present, path length respected) whose key verifies the child's
 * SHA-2 RSA signature. A trust anchor may itself be the signer certificate (a pinned leaf).
 *
 * Throws `untrusted-signer` when no chain exists, `weak-algorithm` when the only chain is signed
 * with SHA-1 or MD5, `certificate-expired` when a certificate of the chain is outside its validity.
 * @see https://www.healthit.gov/sites/default/files/directproject/Applicability%20Statement%20for%20Secure%20Health%20Transport%20v1.2.pdf (§ 4.2: trust anchors)
 * @see https://www.rfc-editor.org/rfc/rfc5280#section-6.1
 */
export async function verifyTrustChain(
  signer: Certificate,
  candidates: Certificate[],
  anchors: Certificate[],
  now: Date,
): Promise<Certificate[]> {
  const anchorDers = anchors.map(certificateDer);
  const state: SearchState = { weakSignature: false, budget: SIGNATURE_CHECK_BUDGET };
  const chain = await extendChain([signer], candidates, anchors, anchorDers, state);
  if (!chain) {
    if (state.weakSignature) throw new DirectRejection('weak-algorithm', 'the signer chain is signed with SHA-1 or MD5');
    throw new DirectRejection('untrusted-signer', 'no chain from the signer certificate to a trust anchor');
  }
  for (const certificate of chain) {
    if (now < certificate.notBefore.value || now > certificate.notAfter.value) {
      throw new DirectRejection('certificate-expired', 'a certificate of the signer chain is not valid now');
    }
  }
  return chain;
}

interface SearchState {
  /** A candidate issuer's signature used SHA-1, MD5 or an algorithm we do not implement. */
  weakSignature: boolean;
  /** Signature checks left. */
  budget: number;
}

async function extendChain(
  chain: Certificate[],
  candidates: Certificate[],
  anchors: Certificate[],
  anchorDers: Uint8Array[],
  state: SearchState,
): Promise<Certificate[] | undefined> {
  const current = chain.at(-1)!;
  if (isAnchor(current, anchorDers)) return chain;
  if (chain.length >= MAXIMUM_CHAIN_LENGTH) return undefined;
  for (const issuer of [...anchors, ...candidates]) {
    if (chain.includes(issuer) || !issuer.subject.isEqual(current.issuer)) continue;
    if (!canIssue(issuer, chain.length - 1)) continue;
    if (state.budget-- <= 0) return undefined;
    const verified = await verifyCertificateSignature(current, issuer);
    if (verified === undefined) {
      state.weakSignature = true;
      continue;
    }
    if (!verified) continue;
    const extended = await extendChain([...chain, issuer], candidates, anchors, anchorDers, state);
    if (extended) return extended;
  }
  return undefined;
}

function isAnchor(certificate: Certificate, anchorDers: Uint8Array[]): boolean {
  const der = certificateDer(certificate);
  return anchorDers.some((anchor) => anchor.length === der.length && anchor.every((byte, i) => byte === der[i]));
}

/**
 * True when `issuer` may sign certificates with `intermediatesBelow` CA certificates under it.
 * @see https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.9
 * @see https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.3
 */
function canIssue(issuer: Certificate, intermediatesBelow: number): boolean {
  const constraints = issuer.extensions?.find((extension) => extension.extnID === OID.basicConstraints)?.parsedValue;
  if (!(constraints instanceof BasicConstraints) || !constraints.cA) return false;
  const pathLength = constraints.pathLenConstraint;
  const limit = pathLength instanceof asn1js.Integer ? pathLength.valueBlock.valueDec : pathLength;
  if (typeof limit === 'number' && intermediatesBelow > limit) return false;
  const keyUsage = issuer.extensions?.find((extension) => extension.extnID === OID.keyUsage)?.parsedValue;
  if (keyUsage instanceof asn1js.BitString) return hasKeyUsageBit(keyUsage, 5);
  return true;
}

/** True when bit `index` (0 = digitalSignature, 5 = keyCertSign) of a KeyUsage BIT STRING is set. */
export function hasKeyUsageBit(keyUsage: asn1js.BitString, index: number): boolean {
  const bytes = keyUsage.valueBlock.valueHexView;
  const byte = bytes[index >> 3] ?? 0;
  return (byte & (0x80 >> (index & 7))) !== 0;
}
