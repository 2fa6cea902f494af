import type { HumanName, Patient } from '@medplum/fhirtypes';
import type { KnownClient, PersonFacts, PersonIdentifier } from '../../domain/referrals/client-matching';

/**
 * A Patient as the facts client matching compares: identifiers with both system and value, the
 * official (or first usable) name's family and first given name, and the birth date.
 * @see https://hl7.org/fhir/us/core/STU3.1.1/StructureDefinition-us-core-patient.html
 */
export function personFactsOf(patient: Patient): PersonFacts {
  const name = usableName(Array.isArray(patient.name) ? patient.name : undefined);
  const identifiers: PersonIdentifier[] = (Array.isArray(patient.identifier) ? patient.identifier : []).flatMap((identifier) =>
    typeof identifier?.system === 'string' && typeof identifier.value === 'string' ? [{ system: identifier.system, value: identifier.value }] : [],
  );
  const given = Array.isArray(name?.given) ? name.given[0] : undefined;
  return {
    identifiers,
    ...(typeof name?.family === 'string' ? { family: name.family } : {}),
    ...(typeof given === 'string' ? { given } : {}),
    ...(typeof patient.birthDate === 'string' ? { birthDate: patient.birthDate } : {}),
  };
}

export function knownClientOf(patient: Patient & { id: string }): KnownClient {
  return { id: patient.id, ...personFactsOf(patient) };
}

/** The Patient without the identifiers other clients already hold (a separate record cannot carry them). */
export function withoutIdentifiers<T extends Patient>(patient: T, held: readonly PersonIdentifier[]): T {
  if (!held.length || !patient.identifier) return patient;
  const identifier = patient.identifier.filter((own) => !held.some((h) => h.system === own.system && h.value === own.value));
  const { identifier: _all, ...rest } = patient;
  return (identifier.length ? { ...rest, identifier } : rest) as T;
}

function usableName(names: HumanName[] | undefined): HumanName | undefined {
  const usable = names?.filter((name) => typeof name === 'object' && name !== null);
  return usable?.find((name) => name.use === 'official') ?? usable?.find((name) => name.use !== 'old') ?? usable?.[0];
}
