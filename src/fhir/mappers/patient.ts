import type { ContactPoint, HumanName, Patient } from '@medplum/fhirtypes';
import { ADMINISTRATIVE_GENDERS, type AdministrativeGender, type Client, type ClientDetails } from '../../domain/client';
import { MET_CLIENT_ID_SYSTEM } from './codings';

/**
 * A client as a US Core Patient: official name, administrative gender, birth date, contact
 * points, and an identifier carrying the MetBridge client id.
 * @see https://hl7.org/fhir/us/core/STU3.1.1/StructureDefinition-us-core-patient.html
 */
export function clientToPatient(client: ClientDetails, patientId: string): Patient {
  const telecom: ContactPoint[] = [
    ...(client.phone ? [{ system: 'phone' as const, value: client.phone }] : []),
    ...(client.email ? [{ system: 'email' as const, value: client.email }] : []),
  ];
  return {
    resourceType: 'Patient',
    id: patientId,
    identifier: [{ system: MET_CLIENT_ID_SYSTEM, value: patientId }],
    active: true,
    name: [{ use: 'official', family: client.lastName, given: [client.firstName] }],
    ...(telecom.length ? { telecom } : {}),
    gender: client.gender,
    birthDate: client.birthDate,
  };
}

/** Any stored Patient as a client; names and gender a Patient lacks come back empty / `unknown`. */
export function patientToClient(patient: Patient & { id: string }): Client {
  const name = officialName(patient.name);
  const phone = patient.telecom?.find((point) => point.system === 'phone')?.value;
  const email = patient.telecom?.find((point) => point.system === 'email')?.value;
  return {
    id: patient.id,
    firstName: name?.given?.join(' ') ?? '',
    lastName: name?.family ?? '',
    birthDate: patient.birthDate ?? '',
    gender: isGender(patient.gender) ? patient.gender : 'unknown',
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
  };
}

function officialName(names: HumanName[] | undefined): HumanName | undefined {
  return names?.find((name) => name.use === 'official') ?? names?.find((name) => name.use !== 'old') ?? names?.[0];
}

function isGender(value: string | undefined): value is AdministrativeGender {
  return (ADMINISTRATIVE_GENDERS as readonly (string | undefined)[]).includes(value);
}
