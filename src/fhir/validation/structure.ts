import { OperationOutcomeError, validateResource } from '@medplum/core';
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import type { OutcomeIssueInput } from '../outcome';
import { concreteExpression } from './fhirpath-expression';
import { asList, asObject, asString } from './json-values';
import { ensureR4DefinitionsIndexed, hasResourceDefinition } from './r4-definitions';
import type { ResourceJson } from './write-candidate';

/**
 * The resource against the FHIR R4 base definitions: unknown elements, wrong JSON types,
 * cardinality, primitive formats and the base invariants (e.g. `obs-6`), by @medplum/core's
 * validator over the slimmed definitions. Only errors are reported; warnings do not block a write.
 * Contained resources must be of a type MetBridge serves: there is no definition for others.
 * @see https://hl7.org/fhir/R4/validation.html
 * @see https://hl7.org/fhir/R4/json.html
 */
export function validateStructure(resource: ResourceJson): OutcomeIssueInput[] {
  const unsupported = unsupportedContained(resource);
  if (unsupported.length) return unsupported;
  ensureR4DefinitionsIndexed();
  try {
    validateResource(resource as unknown as Resource);
    return [];
  } catch (error) {
    if (error instanceof OperationOutcomeError) {
      return (error.outcome.issue ?? []).filter(isError).map((issue) => toIssueInput(issue, resource));
    }
    // The validator gives up on some malformed shapes (e.g. a primitive extension `_birthDate`
    // that is not an object) with a plain Error: still the client's resource, not our failure.
    const message = error instanceof Error ? error.message : String(error);
    return [{ code: 'structure', diagnostics: `The resource is not valid FHIR JSON: ${message}.`, expression: resource.resourceType }];
  }
}

function unsupportedContained(resource: ResourceJson): OutcomeIssueInput[] {
  return asList(resource.contained).flatMap((contained, index) => {
    const type = asString(asObject(contained)?.resourceType);
    if (type !== undefined && hasResourceDefinition(type)) return [];
    return [
      {
        code: 'not-supported' as const,
        diagnostics: `Contained resources must be of a type this server validates; ${JSON.stringify(type ?? null)} is not one.`,
        expression: `${resource.resourceType}.contained[${index}]`,
      },
    ];
  });
}

function isError(issue: OperationOutcomeIssue): boolean {
  return issue.severity === 'error' || issue.severity === 'fatal';
}

function toIssueInput(issue: OperationOutcomeIssue, resource: ResourceJson): OutcomeIssueInput {
  const path = issue.expression?.[0];
  return {
    code: issue.code,
    diagnostics: issue.details?.text ?? 'The resource does not conform to the FHIR R4 base definitions.',
    expression: path ? concreteExpression(resource, path) : resource.resourceType,
  };
}
