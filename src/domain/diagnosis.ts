/**
 * A diagnosis the client's physician made, as the trainer received it: the reason the client
 * exercises under supervision. Codes are ICD-10-CM, as in physicians' referrals.
 */

/** @see https://hl7.org/fhir/R4/valueset-condition-ver-status.html */
export const VERIFICATION_STATUSES = [
  'unconfirmed',
  'provisional',
  'differential',
  'confirmed',
  'refuted',
  'entered-in-error',
] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

/** @see https://hl7.org/fhir/R4/valueset-condition-clinical.html */
export const CLINICAL_STATUSES = ['active', 'recurrence', 'relapse', 'inactive', 'remission', 'resolved'] as const;
export type ClinicalStatus = (typeof CLINICAL_STATUSES)[number];

/**
 * The shape of an ICD-10-CM code: a letter, two characters, then up to four after the dot
 * (`I63.9`, `M17.11`, `S72.001A`). Whether the code exists is not checked here.
 * @see https://www.cms.gov/medicare/coding-billing/icd-10-codes
 */
export const ICD10CM_CODE_PATTERN = /^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/;

/** The physician who made the diagnosis, named as in the referral. */
export interface SourcePhysician {
  name: string;
  npi?: string;
}

export interface DiagnosisDetails {
  /** ICD-10-CM code. */
  code: string;
  display?: string;
  /** When the condition began (`YYYY-MM-DD` or a date-time with offset). */
  onset?: string;
  sourcePhysician?: SourcePhysician;
  verificationStatus: VerificationStatus;
  /** Absent exactly when the diagnosis was entered in error. */
  clinicalStatus?: ClinicalStatus;
  note?: string;
}

/** A stored diagnosis; one received from an EHR may lack a verification status. */
export interface Diagnosis extends Omit<DiagnosisDetails, 'verificationStatus'> {
  id: string;
  clientId: string;
  verificationStatus?: VerificationStatus;
}

/**
 * The clinical status a diagnosis is recorded with: `active` unless the trainer says otherwise,
 * and none at all for a diagnosis entered in error.
 * @see https://hl7.org/fhir/R4/condition.html#invs (con-3, con-5)
 */
export function recordedClinicalStatus(details: DiagnosisDetails): ClinicalStatus | undefined {
  if (details.verificationStatus === 'entered-in-error') return undefined;
  return details.clinicalStatus ?? 'active';
}
