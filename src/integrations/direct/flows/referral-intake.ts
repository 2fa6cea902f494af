import type { Practice } from '../../../db/practice-repository';
import type { Repositories } from '../../../db/repositories';

/** A referral Bundle that arrived by Direct, from a verified sender. */
export interface ReferralIntakeInput {
  /** The processing transaction: the referral commits with the message's state and its MDN. */
  tx: Repositories;
  practice: Practice;
  bundle: unknown;
  /** The sender's Direct address, bound to the certificate that signed the message. */
  sender: string;
  now: Date;
}

/**
 * Turns a referral Bundle into the practice's referral (matched or created Patient,
 * ServiceRequest, PA Task `requested` owned by the practice) exactly as a FHIR POST would; returns
 * the references of what it stored (`Task/…` first).
 * @throws ReferralRefused when the Bundle is not an acceptable referral.
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html
 */
export type ReferralIntake = (input: ReferralIntakeInput) => Promise<{ resources: string[] }>;

/** The referral was refused; `detail` says why in words the sender can act on (no PHI). */
export class ReferralRefused extends Error {
  override readonly name = 'ReferralRefused';
}
