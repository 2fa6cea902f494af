/**
 * A client of the practice: the person a trainer works with, known to FHIR as a Patient. The
 * client's id is the Patient id, so the practice API and FHIR name the same person the same way.
 */

/** @see https://hl7.org/fhir/R4/valueset-administrative-gender.html */
export const ADMINISTRATIVE_GENDERS = ['female', 'male', 'other', 'unknown'] as const;
export type AdministrativeGender = (typeof ADMINISTRATIVE_GENDERS)[number];

/** What a trainer records about a client. */
export interface ClientDetails {
  firstName: string;
  lastName: string;
  /** `YYYY-MM-DD` */
  birthDate: string;
  gender: AdministrativeGender;
  email?: string;
  phone?: string;
}

export interface Client extends ClientDetails {
  id: string;
}
