import type { OutcomeIssueInput } from '../outcome';
import { PROFILE_RULES } from './profile-rules';
import { validateRequiredCodes } from './required-codes';
import { validateStructure } from './structure';
import type { WriteCandidate } from './write-candidate';

export type { ActorRole, ReferralOwner, ResourceJson, WriteCandidate } from './write-candidate';

/**
 * Every rule a write must satisfy, as OperationOutcome issues with FHIRPath expressions; an empty
 * list means the write may proceed. The R4 base definitions (elements, types, cardinality,
 * invariants, required code bindings) and MetBridge's profiles are all checked, so a client
 * learns of all its mistakes at once. Pure: no I/O, no clock.
 * @see https://hl7.org/fhir/R4/validation.html
 * @see https://hl7.org/fhir/R4/http.html#update (422 for a resource that violates profiles or business rules)
 */
export function validateWrite(candidate: WriteCandidate): OutcomeIssueInput[] {
  const rules = PROFILE_RULES[candidate.resource.resourceType] ?? [];
  return [
    ...validateStructure(candidate.resource),
    ...validateRequiredCodes(candidate.resource),
    ...rules.flatMap((rule) => rule(candidate)),
  ];
}
