import { z } from 'zod';
import type { DocumentDeliveryStatus } from '../../db/document-delivery-repository';
import type { Repositories } from '../../db/repositories';

/**
 * Where a document's delivery to the referring physician stands, as the practice API shows it.
 * Read when viewed: for Direct, the state is the recipient's in the Direct tables (moved by the
 * dispatcher and the partner's MDNs), never a copy that could go stale.
 */

export const DELIVERY_STATES = ['available', 'pending', 'downloaded', 'queued', 'sent', 'processed', 'dispatched', 'failed', 'timed-out'] as const;

export const deliverySchema = z
  .object({
    channel: z.enum(['fhir', 'direct', 'download']).describe('fhir: on MetBridge for the EHR to read; direct: Direct secure message; download: for the practice to download and fax.'),
    state: z
      .enum(DELIVERY_STATES)
      .describe(
        'fhir: available. download: pending until the PDF is downloaded, then downloaded. direct: the recipient’s state — queued → sent → processed → dispatched, or failed / timed-out.',
      ),
    to: z.string().optional().describe('direct: the Direct address it goes to.'),
    messageId: z.uuid().optional().describe('direct: the queued message, at GET /api/v1/messages/{messageId}.'),
    reason: z.string().optional().describe('Why the delivery failed or timed out.'),
  })
  .describe('How the document reaches the referring physician.');

export type DeliveryView = z.output<typeof deliverySchema>;

export function deliveryView(status: DocumentDeliveryStatus): DeliveryView {
  const { delivery, message, recipient } = status;
  switch (delivery.channel) {
    case 'fhir':
      return { channel: 'fhir', state: 'available' };
    case 'download':
      return { channel: 'download', state: delivery.downloadedAt ? 'downloaded' : 'pending' };
    case 'direct': {
      const to = delivery.recipient ? { to: delivery.recipient } : {};
      if (!delivery.messageRowId) return { channel: 'direct', state: 'failed', ...to, reason: delivery.failure ?? 'The message could not be queued.' };
      const state = (recipient?.state ?? (message?.state === 'failed' ? 'failed' : 'queued')) as DeliveryView['state'];
      const reason = state === 'failed' || state === 'timed-out' ? (recipient?.detail ?? message?.reason ?? undefined) : undefined;
      return { channel: 'direct', state, ...to, messageId: delivery.messageRowId, ...(reason ? { reason } : {}) };
    }
  }
}

/** The delivery of one document as it stands now; undefined for a document written before deliveries were recorded. */
export async function readDelivery(
  repositories: Repositories,
  practiceId: string,
  resourceType: 'DiagnosticReport' | 'DocumentReference',
  resourceId: string,
): Promise<DeliveryView | undefined> {
  const status = await repositories.documentDeliveries.find(practiceId, resourceType, resourceId);
  return status ? deliveryView(status) : undefined;
}
