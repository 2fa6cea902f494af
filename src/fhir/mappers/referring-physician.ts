import type { Practitioner } from '@medplum/fhirtypes';
import { NPI_SYSTEM } from '../../domain/npi';
import type { ReferringPhysicianIds } from '../../domain/referrals/delivery-route';

/**
 * What identifies a referring physician's Practitioner to the practice's partner list: NPIs
 * (`identifier` in the NPI system) and the addresses they can be written to (`telecom` of system
 * `email`, which is how a Direct address is carried on a Practitioner).
 * @see https://hl7.org/fhir/us/core/STU3.1.1/StructureDefinition-us-core-practitioner.html (identifier:NPI)
 * @see https://hl7.org/fhir/R4/datatypes.html#ContactPoint
 */
export function referringPhysicianIds(practitioner: Practitioner | undefined): ReferringPhysicianIds {
  const npis = (practitioner?.identifier ?? []).flatMap((identifier) => (identifier.system === NPI_SYSTEM && identifier.value ? [identifier.value] : []));
  const directAddresses = (practitioner?.telecom ?? []).flatMap((point) =>
    point.system === 'email' && point.value && point.value.includes('@') ? [point.value.replace(/^mailto:/i, '')] : [],
  );
  return { npis, directAddresses };
}
