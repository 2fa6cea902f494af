import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Database } from '../database';
import { directDeliveries, type DeliveryState } from '../schema/direct-deliveries';
import { directMessages } from '../schema/direct-messages';

export type Delivery = typeof directDeliveries.$inferSelect;

/** Per-recipient delivery state of outbound messages; see src/db/schema/direct-deliveries.ts. */
export class DirectDeliveryRepository {
  constructor(private readonly db: Database) {}

  async insertMany(deliveries: Delivery[]): Promise<void> {
    if (deliveries.length) await this.db.insert(directDeliveries).values(deliveries);
  }

  async listForMessage(practiceId: string, messageRowId: string): Promise<Delivery[]> {
    return this.db
      .select()
      .from(directDeliveries)
      .where(and(eq(directDeliveries.practiceId, practiceId), eq(directDeliveries.messageRowId, messageRowId)))
      .orderBy(asc(directDeliveries.recipient));
  }

  /** Every recipient still `queued` is now `sent`: the relay accepted the message. */
  async markSent(messageRowId: string, at: Date): Promise<void> {
    await this.db
      .update(directDeliveries)
      .set({ state: 'sent', sentAt: at, updatedAt: at })
      .where(and(eq(directDeliveries.messageRowId, messageRowId), eq(directDeliveries.state, 'queued')));
  }

  /** Sets the state of recipients of the message that are in one of `from` states. */
  async transition(
    messageRowId: string,
    change: { to: DeliveryState; from: readonly DeliveryState[]; detail: string; at: Date; recipient?: string },
  ): Promise<number> {
    const rows = await this.db
      .update(directDeliveries)
      .set({ state: change.to, detail: change.detail, updatedAt: change.at })
      .where(
        and(
          eq(directDeliveries.messageRowId, messageRowId),
          inArray(directDeliveries.state, [...change.from]),
          change.recipient ? sql`lower(${directDeliveries.recipient}) = lower(${change.recipient})` : undefined,
        ),
      )
      .returning({ id: directDeliveries.id });
    return rows.length;
  }

  /**
   * Recipients of business messages sent before `cutoff` that never answered with a `processed`
   * MDN become `timed-out`. Notifications are not answered (no MDN for an MDN), so they never time out.
   */
  async timeOut(cutoff: Date, at: Date, detail: string): Promise<number> {
    const rows = await this.db
      .update(directDeliveries)
      .set({ state: 'timed-out', detail, updatedAt: at })
      .where(
        and(
          eq(directDeliveries.state, 'sent'),
          lt(directDeliveries.sentAt, cutoff),
          sql`exists (select 1 from ${directMessages} where ${directMessages.id} = ${directDeliveries.messageRowId} and ${directMessages.kind} = 'message')`,
        ),
      )
      .returning({ id: directDeliveries.id });
    return rows.length;
  }
}
