/**
 * The resource types MetBridge serves and what can be done with each. Routes, the
 * CapabilityStatement and the practice API's checks are all generated from this table.
 * @see https://hl7.org/fhir/R4/http.html
 */
export type TypeInteraction = 'read' | 'vread' | 'update' | 'delete' | 'history-instance' | 'history-type' | 'create' | 'search-type';

export interface ResourceTypeDefinition {
  type: string;
  interactions: readonly TypeInteraction[];
}

const READ_WRITE: readonly TypeInteraction[] = [
  'read',
  'vread',
  'update',
  'delete',
  'history-instance',
  'history-type',
  'create',
  'search-type',
];

/** Provenance and AuditEvent are written by MetBridge itself, never by clients. */
const READ_ONLY: readonly TypeInteraction[] = ['read', 'vread', 'history-instance', 'history-type', 'search-type'];

/**
 * Topic-based subscriptions (R4 backport): created `requested`, moved by the server (handshake →
 * `active`, failing endpoint → `error`); a client updates one to `requested` again (a new
 * handshake, e.g. after `error`) or to `off`. Not deleted: its events stay readable.
 * @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/components.html
 */
const SUBSCRIPTION: readonly TypeInteraction[] = ['read', 'vread', 'update', 'history-instance', 'history-type', 'create', 'search-type'];

export const RESOURCE_TYPES: readonly ResourceTypeDefinition[] = [
  ...[
    'Patient',
    'Practitioner',
    'PractitionerRole',
    'Organization',
    'Condition',
    'Observation',
    'Goal',
    'CarePlan',
    'Encounter',
    'ServiceRequest',
    'Task',
    'DiagnosticReport',
    'DocumentReference',
    'Consent',
  ].map((type) => ({ type, interactions: READ_WRITE })),
  { type: 'Subscription', interactions: SUBSCRIPTION },
  { type: 'Provenance', interactions: READ_ONLY },
  { type: 'AuditEvent', interactions: READ_ONLY },
];

const byType = new Map(RESOURCE_TYPES.map((definition) => [definition.type, definition]));

export function resourceTypeDefinition(type: string): ResourceTypeDefinition | undefined {
  return byType.get(type);
}

export function supportsInteraction(type: string, interaction: TypeInteraction): boolean {
  return byType.get(type)?.interactions.includes(interaction) ?? false;
}
