import type { AuditEvent } from '@medplum/fhirtypes';
import type { Clock } from '../lib/clock';
import { newId } from '../lib/ids';
import type { Database } from './database';
import { appendResources } from './resource-store/append-resources';
import { auditEvents } from './schema/audit-events';

export interface AuditEntry {
  practiceId: string | null;
  action: 'C' | 'R' | 'U' | 'D' | 'E';
  kind: string;
  outcome: 'success' | 'failure';
  /** Who acted: `admin`, `Practitioner/{id}`, `client:{client_id}`. Never a token or secret. */
  agent: string;
  entityType?: string;
  entityId?: string;
  /** Ids, counts and codes only: never PHI values, tokens or secrets. */
  detail?: Record<string, string | number | boolean>;
}

/**
 * The two audit trails outside the request paths of the FHIR and practice APIs (whose events
 * src/api/audit/ records). `record` appends to the deployment-level `audit_events` table: admin
 * bootstrap, client registration, and token requests from clients no practice can be named for.
 * `recordEvent` stores a FHIR AuditEvent among a practice's resources, where that practice can
 * search it: token requests of its clients. Callers record a write's audit in its transaction.
 * @see https://hl7.org/fhir/R4/auditevent.html
 */
export class AuditLog {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.db.insert(auditEvents).values({
      id: newId(),
      recorded: this.clock.now(),
      practiceId: entry.practiceId,
      action: entry.action,
      kind: entry.kind,
      outcome: entry.outcome === 'success' ? '0' : '8',
      agent: entry.agent,
      entityType: entry.entityType ?? null,
      entityId: entry.entityId ?? null,
      detail: entry.detail ?? null,
    });
  }

  /** Stores the AuditEvent `build` returns for the current time in `practiceId`'s records, now (not batched). */
  async recordEvent(practiceId: string, build: (recorded: Date) => AuditEvent): Promise<void> {
    const now = this.clock.now();
    await appendResources(this.db, [{ practiceId, resource: build(now) }], now);
  }
}
