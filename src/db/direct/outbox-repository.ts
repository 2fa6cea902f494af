import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Database } from '../database';
import { directOutbox } from '../schema/direct-outbox';

export type OutboxEntry = typeof directOutbox.$inferSelect;

/** The Direct outbox; see src/db/schema/direct-outbox.ts. */
export class DirectOutboxRepository {
  constructor(private readonly db: Database) {}

  async insert(entry: OutboxEntry): Promise<OutboxEntry> {
    const [row] = await this.db.insert(directOutbox).values(entry).returning();
    return row!;
  }

  /**
   * Leases up to `limit` due entries: each gets one more attempt and is hidden from other
   * dispatchers until `leaseUntil`, so a POST never runs inside a database transaction and a
   * dispatcher that dies mid-POST only delays the entry (it is sent again, same Message-ID).
   */
  async leaseDue(now: Date, leaseUntil: Date, limit: number): Promise<OutboxEntry[]> {
    return this.db.transaction(async (tx) => {
      const due = await tx
        .select({ id: directOutbox.id })
        .from(directOutbox)
        .where(and(eq(directOutbox.state, 'queued'), lte(directOutbox.nextAttemptAt, now)))
        .orderBy(asc(directOutbox.nextAttemptAt))
        .limit(limit)
        .for('update', { skipLocked: true });
      if (!due.length) return [];
      return tx
        .update(directOutbox)
        .set({ attempts: sql`${directOutbox.attempts} + 1`, nextAttemptAt: leaseUntil })
        .where(inArray(directOutbox.id, due.map((row) => row.id)))
        .returning();
    });
  }

  async markSent(id: string, at: Date): Promise<void> {
    await this.db.update(directOutbox).set({ state: 'sent', sentAt: at, lastError: null }).where(eq(directOutbox.id, id));
  }

  async reschedule(id: string, nextAttemptAt: Date, lastError: string): Promise<void> {
    await this.db.update(directOutbox).set({ nextAttemptAt, lastError }).where(eq(directOutbox.id, id));
  }

  async markFailed(id: string, lastError: string): Promise<void> {
    await this.db.update(directOutbox).set({ state: 'failed', lastError }).where(eq(directOutbox.id, id));
  }

  /** Queues the entry again now, with a fresh retry horizon and attempt count. */
  async requeue(id: string, now: Date): Promise<void> {
    await this.db
      .update(directOutbox)
      .set({ state: 'queued', attempts: 0, nextAttemptAt: now, windowStartedAt: now, lastError: null, sentAt: null })
      .where(eq(directOutbox.id, id));
  }

  async findByMessage(practiceId: string, messageRowId: string): Promise<OutboxEntry | undefined> {
    const [row] = await this.db
      .select()
      .from(directOutbox)
      .where(and(eq(directOutbox.practiceId, practiceId), eq(directOutbox.messageRowId, messageRowId)));
    return row;
  }
}
