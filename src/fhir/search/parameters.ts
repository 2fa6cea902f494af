/**
 * The search parameters MetBridge indexes, as data. The same table drives extraction of index
 * values on write (extract.ts), parsing of queries (parse.ts), `_include`/`_revinclude`
 * (includes.ts) and the CapabilityStatement — so what is advertised is what works. Paths follow
 * the R4 SearchParameter expressions (`search-parameters.json` of the R4 definitions).
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
  /**
   * For references: the only target types this parameter indexes (e.g. `patient` → Patient);
   * absent: any type.
   */
  targets?: readonly string[];
  /**
   * The parameter that names the Patient a resource belongs to (its Patient compartment). It must
   * be single-valued (0..1 in R4): the store tags every index row of the resource with that
   * Patient, so a search within one Patient's records reads only that Patient's index rows.
   */
  compartment?: boolean;
}

const token = (code: string, ...paths: string[]): SearchParameter => ({ code, type: 'token', paths });
const string = (code: string, ...paths: string[]): SearchParameter => ({ code, type: 'string', paths });
const date = (code: string, ...paths: string[]): SearchParameter => ({ code, type: 'date', paths });
const reference = (code: string, path: string, targets?: readonly string[]): SearchParameter =>
  targets ? { code, type: 'reference', paths: [path], targets } : { code, type: 'reference', paths: [path] };

const PATIENT = ['Patient'];
/** `patient`: the resource's Patient, through a single-valued reference element. */
const patientAt = (path: string): SearchParameter => ({ ...reference('patient', path, PATIENT), compartment: true });
const AGENTS = ['Practitioner', 'Organization', 'Device', 'Patient', 'PractitionerRole', 'RelatedPerson'];
const PERFORMERS = [...AGENTS, 'CareTeam', 'HealthcareService'];

/** `_profile` applies to every type; `_id` and `_lastUpdated` are columns, not registry entries. */
const common: SearchParameter[] = [{ code: '_profile', type: 'uri', paths: ['meta.profile'] }];
const identifier = token('identifier', 'identifier');

/** `subject` (any target) and `patient` (the subject when it is a Patient), in that order. */
const subjectOf = (path = 'subject'): SearchParameter[] => [reference('subject', path), patientAt(path)];

/** Parameters by resource type. */
const registry: Record<string, readonly SearchParameter[]> = {
  Patient: [
    identifier,
    string('name', 'name'),
    string('family', 'name.family'),
    string('given', 'name.given'),
    date('birthdate', 'birthDate'),
    token('gender', 'gender'),
    token('active', 'active'),
    string('address', 'address'),
    reference('general-practitioner', 'generalPractitioner', ['Practitioner', 'Organization', 'PractitionerRole']),
    reference('organization', 'managingOrganization', ['Organization']),
  ],
  Practitioner: [
    identifier,
    string('name', 'name'),
    string('family', 'name.family'),
    string('given', 'name.given'),
    token('active', 'active'),
    token('gender', 'gender'),
  ],
  PractitionerRole: [
    identifier,
    reference('practitioner', 'practitioner', ['Practitioner']),
    reference('organization', 'organization', ['Organization']),
    token('role', 'code'),
    token('specialty', 'specialty'),
    token('active', 'active'),
    date('date', 'period'),
  ],
  Organization: [
    identifier,
    string('name', 'name', 'alias'),
    token('active', 'active'),
    token('type', 'type'),
    string('address', 'address'),
    reference('partof', 'partOf', ['Organization']),
  ],
  Observation: [
    identifier,
    ...subjectOf(),
    token('category', 'category'),
    token('code', 'code'),
    date('date', 'effective[x]'),
    token('status', 'status'),
    { code: 'value-quantity', type: 'quantity', paths: ['valueQuantity'] },
    token('value-concept', 'valueCodeableConcept'),
    token('component-code', 'component.code'),
    reference('encounter', 'encounter', ['Encounter', 'EpisodeOfCare']),
    reference('performer', 'performer'),
    reference('based-on', 'basedOn'),
    reference('has-member', 'hasMember'),
    reference('derived-from', 'derivedFrom'),
  ],
  Condition: [
    identifier,
    ...subjectOf(),
    token('category', 'category'),
    token('code', 'code'),
    token('clinical-status', 'clinicalStatus'),
    token('verification-status', 'verificationStatus'),
    date('onset-date', 'onsetDateTime', 'onsetPeriod'),
    date('abatement-date', 'abatementDateTime', 'abatementPeriod'),
    date('recorded-date', 'recordedDate'),
    reference('encounter', 'encounter', ['Encounter']),
    reference('asserter', 'asserter'),
  ],
  Goal: [
    identifier,
    ...subjectOf(),
    token('category', 'category'),
    token('lifecycle-status', 'lifecycleStatus'),
    token('achievement-status', 'achievementStatus'),
    date('target-date', 'target.dueDate'),
    date('start-date', 'startDate'),
  ],
  CarePlan: [
    identifier,
    ...subjectOf(),
    token('category', 'category'),
    token('status', 'status'),
    token('intent', 'intent'),
    date('date', 'period'),
    reference('goal', 'goal', ['Goal']),
    reference('condition', 'addresses', ['Condition']),
    reference('based-on', 'basedOn', ['CarePlan']),
    reference('encounter', 'encounter', ['Encounter']),
  ],
  Encounter: [
    identifier,
    ...subjectOf(),
    date('date', 'period'),
    token('status', 'status'),
    token('class', 'class'),
    token('type', 'type'),
    reference('participant', 'participant.individual'),
    reference('practitioner', 'participant.individual', ['Practitioner']),
    reference('service-provider', 'serviceProvider', ['Organization']),
    reference('based-on', 'basedOn', ['ServiceRequest']),
    reference('reason-reference', 'reasonReference'),
  ],
  ServiceRequest: [
    identifier,
    ...subjectOf(),
    token('category', 'category'),
    token('code', 'code'),
    token('status', 'status'),
    token('intent', 'intent'),
    token('priority', 'priority'),
    date('authored', 'authoredOn'),
    date('occurrence', 'occurrence[x]'),
    reference('performer', 'performer', PERFORMERS),
    reference('requester', 'requester', AGENTS),
    reference('based-on', 'basedOn'),
    reference('encounter', 'encounter', ['Encounter', 'EpisodeOfCare']),
  ],
  Task: [
    identifier,
    patientAt('for'),
    reference('subject', 'for'),
    token('code', 'code'),
    token('status', 'status'),
    token('business-status', 'businessStatus'),
    token('intent', 'intent'),
    token('priority', 'priority'),
    reference('owner', 'owner', PERFORMERS),
    reference('requester', 'requester', AGENTS),
    reference('focus', 'focus'),
    reference('based-on', 'basedOn'),
    reference('part-of', 'partOf', ['Task']),
    /** Not an R4 parameter: what the Task produced (the PA IG links its DiagnosticReport here). */
    reference('output', 'output.value[x]'),
    date('authored-on', 'authoredOn'),
    date('modified', 'lastModified'),
    date('period', 'executionPeriod'),
  ],
  /** The R4 Subscription parameters MetBridge's subscriptions carry; `criteria` holds the topic URL. */
  Subscription: [
    token('status', 'status'),
    string('criteria', 'criteria'),
    token('type', 'channel.type'),
    token('payload', 'channel.payload'),
    { code: 'url', type: 'uri', paths: ['channel.endpoint'] },
  ],
  DiagnosticReport: [
    identifier,
    ...subjectOf(),
    token('category', 'category'),
    token('code', 'code'),
    date('date', 'effective[x]'),
    date('issued', 'issued'),
    token('status', 'status'),
    reference('based-on', 'basedOn'),
    reference('result', 'result', ['Observation']),
    reference('performer', 'performer'),
    reference('encounter', 'encounter', ['Encounter', 'EpisodeOfCare']),
  ],
  DocumentReference: [
    token('identifier', 'masterIdentifier', 'identifier'),
    ...subjectOf(),
    token('category', 'category'),
    token('type', 'type'),
    token('status', 'status'),
    date('date', 'date'),
    date('period', 'context.period'),
    reference('author', 'author', AGENTS),
    reference('custodian', 'custodian', ['Organization']),
    reference('encounter', 'context.encounter', ['Encounter', 'EpisodeOfCare']),
    reference('related', 'context.related'),
    reference('relatesto', 'relatesTo.target', ['DocumentReference']),
    token('contenttype', 'content.attachment.contentType'),
    string('description', 'description'),
  ],
  Consent: [
    identifier,
    patientAt('patient'),
    token('category', 'category'),
    token('status', 'status'),
    token('scope', 'scope'),
    token('action', 'provision.action'),
    token('purpose', 'provision.purpose'),
    date('date', 'dateTime'),
    date('period', 'provision.period'),
    reference('actor', 'provision.actor.reference'),
    reference('consentor', 'performer'),
    reference('organization', 'organization', ['Organization']),
    reference('source-reference', 'sourceReference'),
  ],
  Provenance: [
    reference('target', 'target'),
    reference('agent', 'agent.who', AGENTS),
    reference('entity', 'entity.what'),
    date('recorded', 'recorded'),
    date('when', 'occurredDateTime'),
    token('agent-type', 'agent.type'),
    token('agent-role', 'agent.role'),
  ],
  /**
   * Written by MetBridge itself (src/fhir/audit-event.ts). `patient` is the Patient entity (one
   * per event); users are agents by Practitioner reference, OAuth clients by `altid` (their
   * `client_id`), since a client is named by identifier rather than by a resource.
   */
  AuditEvent: [
    date('date', 'recorded'),
    reference('agent', 'agent.who', AGENTS),
    token('altid', 'agent.altId'),
    { ...reference('patient', 'entity.what', PATIENT), compartment: true },
    reference('entity', 'entity.what'),
    token('entity-role', 'entity.role'),
    token('type', 'type'),
    token('subtype', 'subtype'),
    token('action', 'action'),
    token('outcome', 'outcome'),
  ],
};

const withCommon: Record<string, readonly SearchParameter[]> = Object.fromEntries(
  Object.entries(registry).map(([type, parameters]) => [type, [...parameters, ...common]]),
);

/** The resource types whose identifiers must be unique per practice (one real-world party each). */
export const UNIQUE_IDENTIFIER_TYPES: ReadonlySet<string> = new Set(['Patient', 'Practitioner', 'Organization']);

export function searchParametersOf(resourceType: string): readonly SearchParameter[] {
  return withCommon[resourceType] ?? [];
}

export function findSearchParameter(resourceType: string, code: string): SearchParameter | undefined {
  return searchParametersOf(resourceType).find((parameter) => parameter.code === code);
}

/** The parameter naming the Patient compartment of `resourceType`, if it has one. */
export function compartmentParameter(resourceType: string): SearchParameter | undefined {
  return searchParametersOf(resourceType).find((parameter) => parameter.compartment);
}

/** The resource types that have search parameters registered. */
export function indexedResourceTypes(): string[] {
  return Object.keys(withCommon);
}
