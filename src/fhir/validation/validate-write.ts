import type { OutcomeIssueInput } from '../outcome';

/** A resource about to be written, and the version it replaces (for transition rules). */
export interface WriteCandidate {
  resource: { resourceType: string } & Record<string, unknown>;
  previous?: { resourceType: string } & Record<string, unknown>;
}

/**
 * Every rule a write must satisfy, as OperationOutcome issues with FHIRPath expressions; an empty
 * list means the write may proceed. Pure: no I/O, no clock.
 * @see https://hl7.org/fhir/R4/validation.html
 */
export function validateWrite(candidate: WriteCandidate): OutcomeIssueInput[] {
  const { resource } = candidate;
  const issues: OutcomeIssueInput[] = [];
  const meta = resource.meta;
  if (meta !== undefined && (typeof meta !== 'object' || meta === null || Array.isArray(meta))) {
    issues.push({ code: 'structure', diagnostics: 'meta must be an object.', expression: `${resource.resourceType}.meta` });
  }
  return issues;
}
