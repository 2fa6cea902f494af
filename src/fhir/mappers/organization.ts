import type { Organization } from '@medplum/fhirtypes';
import { NPI_SYSTEM } from '../../domain/npi';

export interface PracticeIdentity {
  name: string;
  npi?: string | null;
  directAddress?: string | null;
}

/**
 * A practice as the FHIR Organization that referrals are addressed to (`Task.owner`).
 * @see https://hl7.org/fhir/us/core/STU3.1.1/StructureDefinition-us-core-organization.html
 */
export function practiceToOrganization(practice: PracticeIdentity): Organization {
  return {
    resourceType: 'Organization',
    active: true,
    name: practice.name,
    ...(practice.npi ? { identifier: [{ system: NPI_SYSTEM, value: practice.npi }] } : {}),
    ...(practice.directAddress ? { telecom: [{ system: 'email', value: practice.directAddress, use: 'work' }] } : {}),
  };
}
