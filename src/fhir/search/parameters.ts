/**
 * The search parameters MetBridge indexes, as data. The same table drives extraction of index
 * values on write (extract.ts), parsing of queries (parse.ts) and, later, the
 * CapabilityStatement — so what is advertised is what works.
 * @see https://hl7.org/fhir/R4/search.html#ptypes
 * @see https://hl7.org/fhir/R4/searchparameter-registry.html
 */

export type SearchParamType = 'token' | 'reference' | 'date' | 'string' | 'quantity' | 'uri';

export interface SearchParameter {
  code: string;
  type: SearchParamType;
  /**
   * Dotted element paths from the resource root; `[x]` marks a choice element
   * (`effective[x]` reads `effectiveDateTime`, `effectivePeriod`, …).
   */
  paths: readonly string[];
  /** For references: the only target types this parameter indexes (e.g. `patient` → Patient). */
  targets?: readonly string[];
}

const identifier: SearchParameter = { code: 'identifier', type: 'token', paths: ['identifier'] };
const profile: SearchParameter = { code: '_profile', type: 'uri', paths: ['meta.profile'] };

const subjectParameters: SearchParameter[] = [
  { code: 'subject', type: 'reference', paths: ['subject'] },
  { code: 'patient', type: 'reference', paths: ['subject'], targets: ['Patient'] },
];

/** Parameters by resource type. `_id` and `_lastUpdated` apply to every type and are columns. */
const registry: Record<string, readonly SearchParameter[]> = {
  Patient: [
    identifier,
    profile,
    { code: 'name', type: 'string', paths: ['name'] },
    { code: 'family', type: 'string', paths: ['name.family'] },
    { code: 'given', type: 'string', paths: ['name.given'] },
    { code: 'birthdate', type: 'date', paths: ['birthDate'] },
    { code: 'gender', type: 'token', paths: ['gender'] },
  ],
  Practitioner: [identifier, profile, { code: 'name', type: 'string', paths: ['name'] }],
  Organization: [identifier, profile, { code: 'name', type: 'string', paths: ['name', 'alias'] }],
  Observation: [
    identifier,
    profile,
    ...subjectParameters,
    { code: 'code', type: 'token', paths: ['code'] },
    { code: 'date', type: 'date', paths: ['effective[x]'] },
    { code: 'value-quantity', type: 'quantity', paths: ['valueQuantity'] },
  ],
  Condition: [identifier, profile, ...subjectParameters, { code: 'code', type: 'token', paths: ['code'] }],
  Goal: [identifier, profile, ...subjectParameters],
  Encounter: [identifier, profile, ...subjectParameters],
  ServiceRequest: [identifier, profile, ...subjectParameters, { code: 'code', type: 'token', paths: ['code'] }],
  Task: [
    identifier,
    profile,
    { code: 'code', type: 'token', paths: ['code'] },
    { code: 'patient', type: 'reference', paths: ['for'], targets: ['Patient'] },
  ],
  DiagnosticReport: [identifier, profile, ...subjectParameters, { code: 'code', type: 'token', paths: ['code'] }],
};

/** The resource types whose identifiers must be unique per practice (one real-world party each). */
export const UNIQUE_IDENTIFIER_TYPES: ReadonlySet<string> = new Set(['Patient', 'Practitioner', 'Organization']);

export function searchParametersOf(resourceType: string): readonly SearchParameter[] {
  return registry[resourceType] ?? [];
}

export function findSearchParameter(resourceType: string, code: string): SearchParameter | undefined {
  return searchParametersOf(resourceType).find((parameter) => parameter.code === code);
}

/** The resource types that have search parameters registered. */
export function indexedResourceTypes(): string[] {
  return Object.keys(registry);
}
