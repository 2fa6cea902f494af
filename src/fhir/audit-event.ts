import type { AuditEvent, AuditEventAgent, AuditEventEntity, Coding } from '@medplum/fhirtypes';
import { encodeBase64Text } from '../lib/base64url';

/**
 * AuditEvents in the shape of IHE Basic Audit Log Patterns (BALP): one per RESTful interaction,
 * with the client and (when signed in) the user as agents, MetBridge as server and observer, the
 * resource and its Patient as entities, and a search's query with no PHI values.
 * Pure: the caller supplies the time and the facts.
 * @see https://profiles.ihe.net/ITI/BALP/content.html
 * @see https://hl7.org/fhir/R4/auditevent.html
 */

export const DICOM = 'http://dicom.nema.org/resources/ontology/DCM';
const EVENT_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-event-type';
const RESTFUL_INTERACTION = 'http://hl7.org/fhir/restful-interaction';
const PARTICIPATION_TYPE = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
const ENTITY_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
const OBJECT_ROLE = 'http://terminology.hl7.org/CodeSystem/object-role';
const SOURCE_TYPE = 'http://terminology.hl7.org/CodeSystem/security-source-type';

/** The interactions audited, as codes of the FHIR restful-interaction code system. */
export type RestInteraction =
  | 'read'
  | 'vread'
  | 'history-instance'
  | 'history-type'
  | 'search-type'
  | 'operation'
  | 'batch'
  | 'transaction'
  | 'create'
  | 'update'
  | 'delete';

/** AuditEvent.outcome: 0 success, 4 minor failure (a 4xx), 8 serious failure (a 5xx). */
export type AuditOutcome = '0' | '4' | '8';

/** Who asked: the OAuth client by its `client_id`, and the signed-in user by their Practitioner. Never a credential. */
export interface AuditParty {
  clientId?: string;
  practitionerId?: string;
}

/** The server that observed the event: MetBridge, named by its FHIR base and OAuth issuer. */
export interface AuditServer {
  /** `PUBLIC_URL`: the OAuth issuer, within which `client_id`s are unique. */
  issuer: string;
  /** `PUBLIC_URL + "/fhir"`. */
  fhirBase: string;
}

export interface RestAuditFacts {
  interaction: RestInteraction;
  recorded: Date;
  outcome: AuditOutcome;
  /** A short reason for a failure (an HTTP status and its meaning), never request content. */
  outcomeDescription?: string;
  party: AuditParty;
  server: AuditServer;
  /** The resource acted on: `Type/id` or `Type/id/_history/n`. */
  what?: string;
  /** The Patient whose data it is. */
  patientId?: string;
  /** A search or operation's query with PHI values masked (see audit-query.ts). */
  query?: string;
}

const ACTIONS: Record<RestInteraction, AuditEvent['action']> = {
  read: 'R',
  vread: 'R',
  'history-instance': 'R',
  'history-type': 'R',
  'search-type': 'E',
  operation: 'E',
  batch: 'E',
  transaction: 'E',
  create: 'C',
  update: 'U',
  delete: 'D',
};

/** Interactions whose data flows from MetBridge to the client: BALP names the client Destination, not Source. */
const DATA_TO_CLIENT: ReadonlySet<RestInteraction> = new Set(['read', 'vread', 'history-instance', 'history-type']);
const WRITES: ReadonlySet<RestInteraction> = new Set(['create', 'update', 'delete']);

/**
 * The AuditEvent of one RESTful interaction (BALP Read, Query, Create, Update, Delete and their
 * Patient variants), successful or not.
 * @see https://profiles.ihe.net/ITI/BALP/StructureDefinition-IHE.BasicAudit.Read.html
 * @see https://profiles.ihe.net/ITI/BALP/StructureDefinition-IHE.BasicAudit.Query.html
 * @see https://profiles.ihe.net/ITI/BALP/StructureDefinition-IHE.BasicAudit.Create.html
 */
export function restAuditEvent(facts: RestAuditFacts): AuditEvent {
  const toClient = DATA_TO_CLIENT.has(facts.interaction);
  const entity: AuditEventEntity[] = [];
  if (facts.what) entity.push(dataEntity(facts.what));
  if (facts.patientId) entity.push(patientEntity(facts.patientId));
  if (facts.query !== undefined) entity.push(queryEntity(facts.query));
  return {
    resourceType: 'AuditEvent',
    type: { system: EVENT_TYPE, code: 'rest', display: 'Restful Operation' },
    subtype: [{ system: RESTFUL_INTERACTION, code: facts.interaction }],
    action: ACTIONS[facts.interaction],
    recorded: facts.recorded.toISOString(),
    ...outcomeOf(facts),
    agent: [
      ...partyAgents(facts.party, {
        client: dicom(toClient ? '110152' : '110153'),
        user: { system: PARTICIPATION_TYPE, code: WRITES.has(facts.interaction) ? 'AUT' : 'IRCP' },
        issuer: facts.server.issuer,
      }),
      serverAgent(facts.server, dicom(toClient ? '110153' : '110152')),
    ],
    source: auditSource(facts.server),
    ...(entity.length ? { entity } : {}),
  };
}

export function outcomeOf(facts: { outcome: AuditOutcome; outcomeDescription?: string }): Pick<AuditEvent, 'outcome' | 'outcomeDesc'> {
  return {
    outcome: facts.outcome,
    ...(facts.outcomeDescription === undefined ? {} : { outcomeDesc: facts.outcomeDescription }),
  };
}

export function dicom(code: '110150' | '110152' | '110153'): Coding {
  const display = { '110150': 'Application', '110152': 'Destination Role ID', '110153': 'Source Role ID' }[code];
  return { system: DICOM, code, display };
}

/**
 * The requesting agents: the user (requestor) when one signed in, and the client application,
 * named by its `client_id` as an identifier in the issuer's namespace and as `altId` (searchable
 * with `altid`). A client is the requestor when no user is.
 */
export function partyAgents(party: AuditParty, types: { client: Coding; user: Coding; issuer: string }): AuditEventAgent[] {
  const agents: AuditEventAgent[] = [];
  if (party.practitionerId) {
    agents.push({ type: { coding: [types.user] }, who: { reference: `Practitioner/${party.practitionerId}` }, requestor: true });
  }
  if (party.clientId) {
    agents.push({
      type: { coding: [types.client] },
      who: { type: 'Device', identifier: { system: types.issuer, value: party.clientId }, display: `OAuth client ${party.clientId}` },
      altId: party.clientId,
      requestor: !party.practitionerId,
    });
  }
  return agents;
}

export function serverAgent(server: AuditServer, type: Coding): AuditEventAgent {
  return {
    type: { coding: [type] },
    who: { identifier: { system: 'urn:ietf:rfc:3986', value: server.fhirBase }, display: 'MetBridge' },
    requestor: false,
    network: { address: server.fhirBase, type: '5' },
  };
}

/** MetBridge observed and recorded the event, as an application server. */
export function auditSource(server: AuditServer): AuditEvent['source'] {
  return {
    site: server.issuer,
    observer: { identifier: { system: 'urn:ietf:rfc:3986', value: server.fhirBase }, display: 'MetBridge' },
    type: [{ system: SOURCE_TYPE, code: '4', display: 'Application Server' }],
  };
}

function dataEntity(what: string): AuditEventEntity {
  return {
    what: { reference: what },
    type: { system: ENTITY_TYPE, code: '2', display: 'System Object' },
    role: { system: OBJECT_ROLE, code: '4', display: 'Domain Resource' },
  };
}

function patientEntity(patientId: string): AuditEventEntity {
  return {
    what: { reference: `Patient/${patientId}` },
    type: { system: ENTITY_TYPE, code: '1', display: 'Person' },
    role: { system: OBJECT_ROLE, code: '1', display: 'Patient' },
  };
}

/** BALP keeps the query base64-encoded in `query` and readable in `description`. */
export function queryEntity(query: string): AuditEventEntity {
  return {
    type: { system: ENTITY_TYPE, code: '2', display: 'System Object' },
    role: { system: OBJECT_ROLE, code: '24', display: 'Query' },
    description: query,
    query: encodeBase64Text(query),
  };
}
