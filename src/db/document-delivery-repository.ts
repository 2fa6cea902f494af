import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from './database';
import { directDeliveries } from './schema/direct-deliveries';
import { directMessages } from './schema/direct-messages';
import { documentDeliveries } from './schema/document-deliveries';

export type DocumentDelivery = typeof documentDeliveries.$inferSelect;

/** A document's delivery row, with the Direct message and per-recipient state it points at, as they are now. */
export interface DocumentDeliveryStatus {
  delivery: DocumentDelivery;
  message?: { messageId: string | null; state: string; reason: string | null };
  recipient?: { state: string; detail: string | null };
}

/** How practice documents reach their recipients; see src/db/schema/document-deliveries.ts. Every statement carries the practice. */
export class DocumentDeliveryRepository {
  constructor(private readonly db: Database) {}

  async insert(delivery: DocumentDelivery): Promise<void> {
    await this.db.insert(documentDeliveries).values(delivery);
  }

  /** The delivery of one document, joined to its Direct message and its recipient's delivery state. */
  async find(practiceId: string, resourceType: string, resourceId: string): Promise<DocumentDeliveryStatus | undefined> {
    const [row] = await this.db
      .select({ delivery: documentDeliveries, message: directMessages, recipient: directDeliveries })
      .from(documentDeliveries)
      .leftJoin(directMessages, and(eq(directMessages.id, documentDeliveries.messageRowId), eq(directMessages.practiceId, practiceId)))
      .leftJoin(
        directDeliveries,
        and(eq(directDeliveries.messageRowId, documentDeliveries.messageRowId), eq(directDeliveries.recipient, documentDeliveries.recipient)),
      )
      .where(
        and(
          eq(documentDeliveries.practiceId, practiceId),
          eq(documentDeliveries.resourceType, resourceType),
          eq(documentDeliveries.resourceId, resourceId),
        ),
      );
    if (!row) return undefined;
    return {
      delivery: row.delivery,
      ...(row.message ? { message: { messageId: row.message.messageId, state: row.message.state, reason: row.message.reason } } : {}),
      ...(row.recipient ? { recipient: { state: row.recipient.state, detail: row.recipient.detail } } : {}),
    };
  }

  /** Records the first download of a document sent by the download channel; later downloads change nothing. */
  async markDownloaded(practiceId: string, resourceType: string, resourceId: string, at: Date): Promise<void> {
    await this.db
      .update(documentDeliveries)
      .set({ downloadedAt: at })
      .where(
        and(
          eq(documentDeliveries.practiceId, practiceId),
          eq(documentDeliveries.resourceType, resourceType),
          eq(documentDeliveries.resourceId, resourceId),
          eq(documentDeliveries.channel, 'download'),
          isNull(documentDeliveries.downloadedAt),
        ),
      );
  }
}
