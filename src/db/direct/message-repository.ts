import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../database';
import { directMessages, type MessageKind, type MessageState } from '../schema/direct-messages';

export type DirectMessage = typeof directMessages.$inferSelect;
export type NewDirectMessage = typeof directMessages.$inferInsert;

/** What processing concluded about an inbound message. */
export interface InboundOutcome {
  state: 'processed' | 'rejected';
  practiceId: string | null;
  kind?: MessageKind;
  fromAddress?: string;
  reason?: string;
  originalMessageId?: string;
  resources?: string[];
  /** The verified signer's certificate (PEM). */
  signerCertificatePem?: string;
  processedAt: Date;
}

/** Who sent the inbound message a resource came from, and how to answer them. */
export interface InboundOrigin {
  /** The verified sender's Direct address. */
  from: string;
  /** The addresses it was sent to (one of them the practice's). */
  to: string[];
  /** The certificate that signed it; null for messages processed before it was kept. */
  signerCertificatePem: string | null;
}

/**
 * Direct messages in and out. Rows are never deleted, and `raw` is written once: on insert for
 * inbound messages, when sealed for outbound ones.
 */
export class DirectMessageRepository {
  constructor(private readonly db: Database) {}

  /**
   * Stores an inbound message, unless the same one (same Message-ID and content hash) was stored
   * before: then the earlier row is returned with `duplicate`.
   */
  async insertInbound(
    message: Omit<NewDirectMessage, 'direction' | 'state'> & { contentHash: string },
  ): Promise<{ message: DirectMessage; duplicate: boolean }> {
    const [inserted] = await this.db
      .insert(directMessages)
      .values({ ...message, direction: 'inbound', state: 'received' })
      .onConflictDoNothing()
      .returning();
    if (inserted) return { message: inserted, duplicate: false };
    const [earlier] = await this.db
      .select()
      .from(directMessages)
      .where(
        and(
          eq(directMessages.direction, 'inbound'),
          eq(directMessages.contentHash, message.contentHash),
          sql`coalesce(${directMessages.messageId}, '') = ${message.messageId ?? ''}`,
        ),
      );
    if (!earlier) throw new Error('inbound message neither inserted nor found');
    return { message: earlier, duplicate: true };
  }

  /** Inbound messages still waiting to be processed, oldest first. */
  async listReceivedIds(limit: number): Promise<string[]> {
    const rows = await this.db
      .select({ id: directMessages.id })
      .from(directMessages)
      .where(eq(directMessages.state, 'received'))
      .orderBy(asc(directMessages.createdAt))
      .limit(limit);
    return rows.map((row) => row.id);
  }

  /**
   * Locks an inbound message still `received` for the rest of the transaction; undefined when it
   * was processed meanwhile or another worker holds it.
   */
  async lockReceived(id: string): Promise<DirectMessage | undefined> {
    const [row] = await this.db
      .select()
      .from(directMessages)
      .where(and(eq(directMessages.id, id), eq(directMessages.direction, 'inbound'), eq(directMessages.state, 'received')))
      .for('update', { skipLocked: true });
    return row;
  }

  async finishInbound(id: string, outcome: InboundOutcome): Promise<void> {
    await this.db
      .update(directMessages)
      .set({
        state: outcome.state,
        practiceId: outcome.practiceId,
        kind: outcome.kind ?? null,
        reason: outcome.reason ?? null,
        originalMessageId: outcome.originalMessageId ?? null,
        resources: outcome.resources ?? null,
        processedAt: outcome.processedAt,
        ...(outcome.fromAddress ? { fromAddress: outcome.fromAddress } : {}),
        ...(outcome.signerCertificatePem ? { signerCertificatePem: outcome.signerCertificatePem } : {}),
      })
      .where(eq(directMessages.id, id));
  }

  /** Puts a processed or rejected inbound message back in line for processing (operator replay). */
  async reopenInbound(id: string): Promise<void> {
    await this.db
      .update(directMessages)
      .set({ state: 'received', reason: null, processedAt: null })
      .where(and(eq(directMessages.id, id), eq(directMessages.direction, 'inbound')));
  }

  async insertOutbound(message: Omit<NewDirectMessage, 'direction'>): Promise<DirectMessage> {
    const [row] = await this.db.insert(directMessages).values({ ...message, direction: 'outbound' }).returning();
    return row!;
  }

  async findById(id: string): Promise<DirectMessage | undefined> {
    const [row] = await this.db.select().from(directMessages).where(eq(directMessages.id, id));
    return row;
  }

  async findInPractice(practiceId: string, id: string): Promise<DirectMessage | undefined> {
    const [row] = await this.db
      .select()
      .from(directMessages)
      .where(and(eq(directMessages.practiceId, practiceId), eq(directMessages.id, id)));
    return row;
  }

  /**
   * The verified sender of the inbound message whose processing made `reference` (e.g. `Task/…`):
   * where, and to which certificate, a referral that came by Direct is answered.
   */
  async originOf(practiceId: string, reference: string): Promise<InboundOrigin | undefined> {
    const [row] = await this.db
      .select({ from: directMessages.fromAddress, to: directMessages.toAddresses, signerCertificatePem: directMessages.signerCertificatePem })
      .from(directMessages)
      .where(
        and(
          eq(directMessages.practiceId, practiceId),
          eq(directMessages.direction, 'inbound'),
          eq(directMessages.state, 'processed'),
          sql`${directMessages.resources} @> ${JSON.stringify([reference])}::jsonb`,
        ),
      )
      .orderBy(asc(directMessages.createdAt))
      .limit(1);
    return row?.from ? { from: row.from, to: row.to, signerCertificatePem: row.signerCertificatePem } : undefined;
  }

  /** The practice's outbound message with this Message-ID (angle brackets included). */
  async findOutboundByMessageId(practiceId: string, messageId: string): Promise<DirectMessage | undefined> {
    const [row] = await this.db
      .select()
      .from(directMessages)
      .where(
        and(
          eq(directMessages.practiceId, practiceId),
          eq(directMessages.direction, 'outbound'),
          eq(directMessages.messageId, messageId),
        ),
      );
    return row;
  }

  /** Records the sealed bytes of an outbound message, once: later calls keep the first bytes. */
  async setSealed(id: string, raw: string, contentHash: string): Promise<DirectMessage> {
    await this.db
      .update(directMessages)
      .set({ raw, contentHash })
      .where(and(eq(directMessages.id, id), isNull(directMessages.raw)));
    const row = await this.findById(id);
    if (!row?.raw) throw new Error('sealed message not found');
    return row;
  }

  async setState(id: string, state: MessageState, reason: string | null): Promise<void> {
    await this.db.update(directMessages).set({ state, reason }).where(eq(directMessages.id, id));
  }
}
