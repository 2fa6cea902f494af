import type { AuditEvent } from '@medplum/fhirtypes';
import type { Database } from '../../db/database';
import { databaseErrorCode } from '../../db/errors';
import { appendResources, type AppendedResource } from '../../db/resource-store/append-resources';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';

/** An audit event waiting for its batch: its practice and how to build it (at flush, off the request path). */
export interface PendingAuditEvent {
  practiceId: string;
  build(): AuditEvent;
}

export interface AuditBatchLimits {
  /** A batch is written at most this long after its first event… */
  maxDelayMs: number;
  /** …or as soon as it holds this many events. */
  maxEvents: number;
  /** Events kept for a retry after failed writes; beyond this, the oldest are dropped and the drop is logged. */
  maxRetained: number;
  /** How long after a failed write the retry waits. */
  retryDelayMs: number;
}

export const DEFAULT_AUDIT_BATCH_LIMITS: AuditBatchLimits = { maxDelayMs: 50, maxEvents: 100, maxRetained: 10_000, retryDelayMs: 1000 };

/**
 * Collects the AuditEvents of reads and writes them in one bulk insert (resources, versions and
 * search index rows in one transaction) at most `maxDelayMs` after the first pending event or at
 * `maxEvents` events, whichever comes first. Recording costs the request an array push; writing
 * never fails a request. A failed write is logged (counts and an error code, never content) and
 * retried once; what a crash inside the window loses is described in the README.
 */
export class AuditBatcher {
  private pending: PendingAuditEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly retried = new WeakSet<PendingAuditEvent>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly limits: AuditBatchLimits = DEFAULT_AUDIT_BATCH_LIMITS,
  ) {}

  add(event: PendingAuditEvent): void {
    this.pending.push(event);
    if (this.pending.length >= this.limits.maxEvents) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.limits.maxDelayMs);
  }

  /** Writes every event added so far; resolves once they are written (or their failure logged). */
  flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length) this.writing = this.writing.then(() => this.write(batch));
    return this.writing;
  }

  private async write(batch: PendingAuditEvent[]): Promise<void> {
    const entries: AppendedResource[] = [];
    for (const event of batch) {
      try {
        entries.push({ practiceId: event.practiceId, resource: event.build() });
      } catch (error) {
        this.logger.error('audit.event.unbuildable', { error: error instanceof Error ? error.name : typeof error });
      }
    }
    try {
      await appendResources(this.db, entries, this.clock.now());
    } catch (error) {
      this.retain(batch, databaseErrorCode(error) ?? (error instanceof Error ? error.name : typeof error));
    }
  }

  /**
   * Puts a failed batch back in front of the queue (bounded) so a later flush retries it once;
   * events that failed twice, or beyond the bound, are dropped and the loss is logged.
   */
  private retain(batch: PendingAuditEvent[], code: string): void {
    const retry = batch.filter((event) => !this.retried.has(event));
    for (const event of retry) this.retried.add(event);
    const queued = [...retry, ...this.pending];
    const overflow = Math.max(0, queued.length - this.limits.maxRetained);
    this.pending = queued.slice(overflow);
    const lost = batch.length - retry.length + overflow;
    this.logger.error('audit.flush.failed', { events: batch.length, retained: this.pending.length, lost, code });
    this.timer ??= setTimeout(() => void this.flush(), this.limits.retryDelayMs);
  }
}
