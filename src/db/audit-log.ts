import type { Clock } from '../lib/clock';
import { newId } from '../lib/ids';
import type { Database } from './database';
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
 * Append-only audit trail. Callers record a write's audit in the write's own transaction.
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
}
