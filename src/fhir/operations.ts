/**
 * The FHIR operations MetBridge implements, as data. The routes dispatch through this table and
 * the CapabilityStatement lists it, so an operation is advertised exactly when it is served.
 * @see https://hl7.org/fhir/R4/operations.html
 */
export interface OperationDefinitionEntry {
  /** The name without `$`, as in `[base]/Patient/[id]/$everything`. */
  name: string;
  resourceType: string;
  /** Only instance-level invocation (`[type]/[id]/$name`) is served. */
  level: 'instance';
  /** Canonical URL of the OperationDefinition. */
  definition: string;
  documentation: string;
}

export const OPERATIONS = [
  {
    name: 'everything',
    resourceType: 'Patient',
    level: 'instance',
    definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything',
    documentation:
      'The patient and every resource that references it through its patient, subject or for search parameter; supports _since, _type and _count, paged.',
  },
] as const satisfies readonly OperationDefinitionEntry[];

/** `Patient/$everything`: the key an operation is dispatched by. */
export type OperationKey = `${(typeof OPERATIONS)[number]['resourceType']}/$${(typeof OPERATIONS)[number]['name']}`;

export function findOperation(resourceType: string, name: string): OperationDefinitionEntry | undefined {
  return OPERATIONS.find((operation) => operation.resourceType === resourceType && operation.name === name);
}

export function operationKey(operation: OperationDefinitionEntry): OperationKey {
  return `${operation.resourceType}/$${operation.name}` as OperationKey;
}
