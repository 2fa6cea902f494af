import type {
  CapabilityStatement,
  CapabilityStatementRestResource,
  CapabilityStatementRestResourceSearchParam,
  ResourceType,
} from '@medplum/fhirtypes';
import { PA_IG } from './canonical';
import { OPERATIONS } from './operations';
import { RESOURCE_TYPES, type ResourceTypeDefinition, type TypeInteraction } from './resource-types';
import { includeName, includesFrom, revIncludesOf } from './search/includes';
import { searchParametersOf } from './search/parameters';
import { STANDARD_SEARCH_PARAMETERS } from './standard-search-parameters';

/**
 * The server's CapabilityStatement, generated from the registries that drive the routes
 * (resource types and interactions, search parameters, includes, operations), so it cannot claim what
 * the server does not do. Pure: the caller supplies the base URL and the date.
 * @see https://hl7.org/fhir/R4/capabilitystatement.html
 * @see https://hl7.org/fhir/R4/http.html#capabilities
 */

export const SOFTWARE = { name: 'MetBridge', version: '0.1.0' } as const;

export const PA_SERVICE_PROVIDER_FULL = `${PA_IG}/CapabilityStatement/pa-service-provider-full`;

/** Parameters every type supports; they are columns of the resource table, not registry entries. */
const COMMON_SEARCH_PARAMETERS: readonly CapabilityStatementRestResourceSearchParam[] = [
  { name: '_id', type: 'token', definition: 'http://hl7.org/fhir/SearchParameter/Resource-id' },
  { name: '_lastUpdated', type: 'date', definition: 'http://hl7.org/fhir/SearchParameter/Resource-lastUpdated' },
];

/** Whole-system interactions: `POST [base]` with a batch or transaction Bundle. */
export const SYSTEM_INTERACTIONS = ['transaction', 'batch'] as const;

export interface CapabilityStatementOptions {
  /** `PUBLIC_URL + "/fhir"`. */
  baseUrl: string;
  /** When the statement was generated (FHIR dateTime). */
  date: string;
  /** The authorization server's endpoints, announced in the SMART `oauth-uris` extension. */
  oauth: OAuthUris;
}

/** @see https://hl7.org/fhir/smart-app-launch/STU2.2/conformance.html#using-cors */
export interface OAuthUris {
  authorize: string;
  token: string;
  /** Only while dynamic registration is served. */
  register?: string;
  introspect: string;
  revoke: string;
}

export const OAUTH_URIS_EXTENSION = 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris';

export function buildCapabilityStatement(options: CapabilityStatementOptions): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    url: `${options.baseUrl}/metadata`,
    name: 'MetBridgeCapabilityStatement',
    title: 'MetBridge FHIR server',
    status: 'active',
    date: options.date,
    publisher: 'MetBridge',
    description:
      'FHIR R4 server of a medical exercise practice: referrals (Task, ServiceRequest), clients, diagnoses, assessments, sessions, goals and progress reports.',
    kind: 'instance',
    instantiates: [PA_SERVICE_PROVIDER_FULL],
    software: { ...SOFTWARE },
    implementation: { description: 'MetBridge FHIR R4 endpoint', url: options.baseUrl },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        documentation: 'Every interaction except reading this CapabilityStatement needs a bearer access token.',
        security: {
          extension: [
            {
              url: OAUTH_URIS_EXTENSION,
              extension: Object.entries(options.oauth).map(([url, valueUri]) => ({ url, valueUri })),
            },
          ],
          service: [
            {
              coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }],
            },
          ],
          description: 'OAuth 2.0 bearer tokens (RFC 6750); each token belongs to one practice and sees only its data.',
        },
        resource: RESOURCE_TYPES.map(resourceCapability),
        interaction: SYSTEM_INTERACTIONS.map((code) => ({ code })),
      },
    ],
  };
}

function resourceCapability(definition: ResourceTypeDefinition): CapabilityStatementRestResource {
  const { type } = definition;
  const supports = (interaction: TypeInteraction) => definition.interactions.includes(interaction);
  const operations = OPERATIONS.filter((operation) => operation.resourceType === type);
  return {
    type: type as ResourceType,
    profile: `http://hl7.org/fhir/StructureDefinition/${type}`,
    interaction: definition.interactions.map((code) => ({ code })),
    versioning: 'versioned',
    readHistory: supports('vread'),
    updateCreate: false,
    conditionalCreate: supports('create'),
    conditionalRead: supports('read') ? 'full-support' : 'not-supported',
    conditionalUpdate: false,
    conditionalDelete: 'not-supported',
    referencePolicy: ['literal'],
    ...(supports('search-type') ? { ...searchIncludesOf(type), searchParam: searchParamsOf(type) } : {}),
    ...(operations.length
      ? { operation: operations.map(({ name, definition: url, documentation }) => ({ name, definition: url, documentation })) }
      : {}),
  };
}

function searchParamsOf(type: string): CapabilityStatementRestResourceSearchParam[] {
  const registered = searchParametersOf(type).map((parameter) => {
    const definition = standardDefinition(type, parameter.code, parameter.type);
    return { name: parameter.code, type: parameter.type, ...(definition ? { definition } : {}) };
  });
  const registeredNames = new Set(registered.map((parameter) => parameter.name));
  return [...COMMON_SEARCH_PARAMETERS.filter((parameter) => !registeredNames.has(parameter.name)), ...registered];
}

/** The `_include`/`_revinclude` values a search of `type` accepts, from the include registry. */
function searchIncludesOf(type: string): Pick<CapabilityStatementRestResource, 'searchInclude' | 'searchRevInclude'> {
  const include = includesFrom(type).map(includeName);
  const revInclude = revIncludesOf(type).map(includeName);
  return {
    ...(include.length ? { searchInclude: include } : {}),
    ...(revInclude.length ? { searchRevInclude: revInclude } : {}),
  };
}

/**
 * The canonical URL of the R4 SearchParameter with this code on this type, when MetBridge's
 * parameter has the same type; undefined for parameters of MetBridge's own.
 */
export function standardDefinition(resourceType: string, code: string, type: string): string | undefined {
  const standard =
    STANDARD_SEARCH_PARAMETERS[resourceType]?.[code] ??
    STANDARD_SEARCH_PARAMETERS.DomainResource?.[code] ??
    STANDARD_SEARCH_PARAMETERS.Resource?.[code];
  if (!standard || standard[1] !== type) return undefined;
  return `http://hl7.org/fhir/SearchParameter/${standard[0]}`;
}
