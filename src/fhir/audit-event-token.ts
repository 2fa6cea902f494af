import type { AuditEvent, AuditEventEntity } from '@medplum/fhirtypes';
import { auditSource, dicom, outcomeOf, partyAgents, queryEntity, type AuditOutcome, type AuditParty, type AuditServer } from './audit-event';

const PARTICIPATION_TYPE = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
const USER_AGENT_TYPES = 'https://profiles.ihe.net/ITI/BALP/CodeSystem/UserAgentTypes';
const ENTITY_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
const OBJECT_ROLE = 'http://terminology.hl7.org/CodeSystem/object-role';

export interface TokenAuditFacts {
  recorded: Date;
  outcome: AuditOutcome;
  /** The refusal's reason code (e.g. `jti_replayed`); never the assertion or anything read from it. */
  outcomeDescription?: string;
  party: AuditParty;
  server: AuditServer;
  /** The request as audited: `grant_type` and the requested `scope`, nothing else of the request. */
  request: string;
  /** For an issued token: its `jti` (an id, not the token) and the granted scope. */
  issued?: { tokenId: string; scope: string };
}

/**
 * The AuditEvent of one token request, issued or refused, in the shape of BALP's IUA Get Access
 * Token (ITI-71) pattern: the client as Application, MetBridge as the OAuth service, the request
 * (grant type and scope only) as a query entity, and an issued token by its `jti`.
 * @see https://profiles.ihe.net/ITI/BALP/StructureDefinition-IHE.IUA.71.html
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5
 */
export function tokenAuditEvent(facts: TokenAuditFacts): AuditEvent {
  const entity: AuditEventEntity[] = [queryEntity(facts.request)];
  if (facts.issued) entity.push(issuedTokenEntity(facts.issued, facts.server.issuer));
  return {
    resourceType: 'AuditEvent',
    type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110114', display: 'User Authentication' },
    subtype: [{ system: 'urn:ihe:event-type-code', code: 'ITI-71', display: 'Get Access Token' }],
    action: 'E',
    recorded: facts.recorded.toISOString(),
    ...outcomeOf(facts),
    agent: [
      ...partyAgents(facts.party, {
        client: dicom('110150'),
        user: { system: PARTICIPATION_TYPE, code: 'IRCP' },
        issuer: facts.server.issuer,
      }),
      {
        type: { coding: [{ system: USER_AGENT_TYPES, code: 'AuthzOauthService' }] },
        who: { identifier: { system: 'urn:ietf:rfc:3986', value: facts.server.issuer }, display: 'MetBridge' },
        requestor: false,
      },
    ],
    source: auditSource(facts.server),
    entity,
  };
}

function issuedTokenEntity(issued: { tokenId: string; scope: string }, issuer: string): AuditEventEntity {
  return {
    what: { identifier: { system: issuer, value: issued.tokenId }, display: 'access token jti' },
    type: { system: ENTITY_TYPE, code: '2', display: 'System Object' },
    role: { system: OBJECT_ROLE, code: '13', display: 'Security Resource' },
    detail: [{ type: 'scope', valueString: issued.scope }],
  };
}
