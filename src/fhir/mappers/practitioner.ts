import type { Practitioner } from '@medplum/fhirtypes';

export interface TrainerIdentity {
  name: string;
  email: string;
}

/**
 * A trainer (Medical Exercise Specialist) as a FHIR Practitioner: the `fhirUser` of their sign-ins
 * and the author of what they record.
 * @see https://hl7.org/fhir/us/core/STU3.1.1/StructureDefinition-us-core-practitioner.html
 */
export function trainerToPractitioner(trainer: TrainerIdentity): Practitioner {
  const parts = trainer.name.trim().split(/\s+/);
  const family = parts.length > 1 ? parts.at(-1) : undefined;
  const given = parts.length > 1 ? parts.slice(0, -1) : parts;
  return {
    resourceType: 'Practitioner',
    active: true,
    name: [{ text: trainer.name.trim(), ...(family ? { family } : {}), given }],
    telecom: [{ system: 'email', value: trainer.email, use: 'work' }],
  };
}
