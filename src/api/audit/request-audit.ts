import type { AuditEvent } from '@medplum/fhirtypes';
import type { PracticeResourceStore } from '../../db/resource-store/resource-store';
import type { StoredResource } from '../../db/resource-store/types';
import { restAuditEvent, type AuditOutcome, type AuditParty, type AuditServer, type RestInteraction } from '../../fhir/audit-event';
import { patientOfQuery, patientOfResourceJson } from '../../fhir/audit-patient';
import { auditQuery } from '../../fhir/audit-query';
import type { Clock } from '../../lib/clock';
import type { Principal } from '../auth/principal';
import type { AuditBatcher } from './audit-batcher';

/** What an audited interaction touched; everything PHI-bearing is reduced when the event is built. */
export interface AccessFacts {
  interaction: RestInteraction;
  resourceType?: string;
  id?: string;
  versionId?: number | string;
  /** Search or operation parameters as received; masked when the event is built (audit-query.ts). */
  query?: readonly (readonly [string, string])[];
  /**
   * What the query applies to (`Observation`, `Patient/1/$everything`, a practice-API route
   * template); the resource type when absent. Never holds request values other than ids.
   */
  path?: string;
  /** The JSON text served, from which the event's Patient is read when it is built. */
  resourceJson?: string | null;
  patientId?: string;
}

export interface WriteFacts {
  interaction: 'create' | 'update' | 'delete';
  written: StoredResource;
  /** The resource's JSON after the write (before it, for a delete), for the event's Patient. */
  resourceJson: string | null;
}

/** `AuditEvent.outcome` of an HTTP status: 4 for the client's failures, 8 for the server's. */
export function outcomeOfStatus(status: number): AuditOutcome {
  if (status < 400) return '0';
  return status < 500 ? '4' : '8';
}

/** The agents of a principal: the user's Practitioner, the client's `client_id`. Never its token. */
export function auditPartyOf(principal: Principal): AuditParty {
  const { actor } = principal;
  if (actor.kind === 'client') return { clientId: actor.clientId };
  const clientId = 'clientId' in actor && typeof actor.clientId === 'string' ? actor.clientId : undefined;
  return { practitionerId: actor.practitionerId, ...(clientId ? { clientId } : {}) };
}

/**
 * The audit trail of one authenticated request. Reads are queued on the batcher (an array push;
 * the event is built at flush); writes are recorded in the write's own transaction; a refused or
 * failed request is recorded with what it attempted.
 * @see https://hl7.org/fhir/R4/security.html#audit
 */
export class RequestAudit {
  private attempt: AccessFacts | undefined;

  constructor(
    private readonly batcher: AuditBatcher,
    private readonly principal: Principal,
    private readonly server: AuditServer,
    private readonly clock: Clock,
  ) {}

  /** Notes what the request is about to do, so that a refusal or failure is audited with it. */
  attempting(facts: AccessFacts): void {
    this.attempt = facts;
  }

  /** A read, search, history or operation that succeeded. */
  accessed(facts: AccessFacts): void {
    const recorded = this.clock.now();
    this.batcher.add({ practiceId: this.principal.practiceId, build: () => this.event(facts, recorded, 200) });
  }

  /** A create, update or delete, in its transaction: `store` must be the transaction's store. */
  async written(store: PracticeResourceStore, facts: WriteFacts): Promise<void> {
    const { written } = facts;
    const event = restAuditEvent({
      interaction: facts.interaction,
      recorded: written.lastUpdated,
      outcome: '0',
      party: auditPartyOf(this.principal),
      server: this.server,
      what: `${written.resourceType}/${written.id}/_history/${written.versionId}`,
      ...patientOf(written.resourceType === 'Patient' ? written.id : undefined, facts.resourceJson, this.principal),
    });
    await store.create(event);
  }

  /**
   * The request ended with an error `status`: audited with what it attempted (or `fallback`) and
   * the parameters of its URL, masked like any query.
   */
  failed(status: number, fallback: AccessFacts, query: readonly (readonly [string, string])[]): void {
    const attempted = this.attempt ?? fallback;
    const facts = attempted.query || !query.length ? attempted : { ...attempted, query };
    const recorded = this.clock.now();
    this.batcher.add({ practiceId: this.principal.practiceId, build: () => this.event(facts, recorded, status) });
  }

  private event(facts: AccessFacts, recorded: Date, status: number): AuditEvent {
    const { resourceType, id } = facts;
    const what = resourceType && id ? `${resourceType}/${id}${facts.versionId === undefined ? '' : `/_history/${facts.versionId}`}` : undefined;
    const query = facts.query && auditQuery(facts.path ?? resourceType ?? '', facts.query, resourceType);
    const fromQuery = facts.query && resourceType ? patientOfQuery(resourceType, facts.query) : undefined;
    const outcome = outcomeOfStatus(status);
    return restAuditEvent({
      interaction: facts.interaction,
      recorded,
      outcome,
      ...(outcome === '0' ? {} : { outcomeDescription: `HTTP ${status}` }),
      party: auditPartyOf(this.principal),
      server: this.server,
      ...(what ? { what } : {}),
      ...patientOf(facts.patientId ?? (resourceType === 'Patient' && id ? id : fromQuery), facts.resourceJson, this.principal),
      ...(query === undefined ? {} : { query }),
    });
  }
}

function patientOf(known: string | undefined, json: string | null | undefined, principal: Principal): { patientId?: string } {
  const patientId = known ?? (json ? patientOfResourceJson(json) : undefined) ?? principal.patientId;
  return patientId ? { patientId } : {};
}
