/**
 * How a document the practice writes for the referring physician — a progress report, the
 * referral acknowledgement letter — reaches them. Physicians stop referring when they hear
 * nothing back, so every such document goes somewhere, and says where. Pure: the caller gathers
 * the facts (the referral's physician, the practice's partners, how the referral arrived).
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html (the Service Provider reports back to the referrer)
 */

/**
 * - `fhir`: the document is on MetBridge, linked from the referral Task, for the physician's EHR to read;
 * - `direct`: sent by Direct secure messaging through the practice's outbox;
 * - `download`: kept for the practice to download and fax.
 */
export type DeliveryChannel = 'fhir' | 'direct' | 'download';

/** A channel a partner (referring physician) asks for; `fax` means the practice downloads the document and faxes it. */
export type PreferredChannel = 'direct' | 'fhir' | 'fax';

/** A referring physician the practice has on file (a Direct partner). */
export interface KnownPhysician {
  npi: string | null;
  /** Their Direct address. */
  address: string;
  preferredChannel: PreferredChannel;
}

/** Who referred, as the referral names them: the NPIs and Direct addresses of the Practitioner. */
export interface ReferringPhysicianIds {
  npis: readonly string[];
  directAddresses: readonly string[];
}

export interface DeliveryFacts<P extends KnownPhysician = KnownPhysician> {
  /** The referral's physician, as the referral names them; none without a referral or a Practitioner. */
  physician?: ReferringPhysicianIds;
  /** The practice's partners, to match the physician against. */
  partners: readonly P[];
  /** How the referral reached the practice; none without a referral. */
  receivedVia?: 'fhir' | 'direct';
  /** For a referral received by Direct: the verified sender's address. */
  sender?: string;
}

export type DeliveryRoute<P extends KnownPhysician = KnownPhysician> =
  | { channel: 'direct'; to: string; partner?: P }
  | { channel: 'fhir'; partner?: P }
  | { channel: 'download'; partner?: P };

/**
 * The one delivery decision, in this order:
 * 1. the referring physician is a partner of the practice — matched by NPI, else by a Direct
 *    address the referral gives them (a Practitioner `telecom`), else by the verified sender of a
 *    Direct referral — and the document goes by the partner's `preferredChannel` (`direct` to
 *    the partner's address, `fhir`, or `fax` as `download`);
 * 2. otherwise a referral received by Direct is answered by Direct, to its sender's address;
 * 3. otherwise a referral received by FHIR is answered by FHIR (the EHR reads the Task's output);
 * 4. otherwise (no referral, or nothing known of its origin) the document waits for download.
 */
export function chooseDeliveryRoute<P extends KnownPhysician>(facts: DeliveryFacts<P>): DeliveryRoute<P> {
  const partner = matchPartner(facts);
  if (partner) {
    switch (partner.preferredChannel) {
      case 'direct':
        return { channel: 'direct', to: partner.address, partner };
      case 'fhir':
        return { channel: 'fhir', partner };
      case 'fax':
        return { channel: 'download', partner };
    }
  }
  if (facts.receivedVia === 'direct' && facts.sender) return { channel: 'direct', to: facts.sender };
  if (facts.receivedVia === 'fhir') return { channel: 'fhir' };
  return { channel: 'download' };
}

/** The partner the referring physician is: by NPI first (an identifier proper), then by Direct address. */
export function matchPartner<P extends KnownPhysician>(facts: DeliveryFacts<P>): P | undefined {
  const npis = new Set(facts.physician?.npis ?? []);
  const byNpi = facts.partners.find((partner) => partner.npi !== null && npis.has(partner.npi));
  if (byNpi) return byNpi;
  const addresses = new Set([...(facts.physician?.directAddresses ?? []), ...(facts.sender ? [facts.sender] : [])].map(lower));
  return facts.partners.find((partner) => addresses.has(lower(partner.address)));
}

function lower(address: string): string {
  return address.trim().toLowerCase();
}
