import type { Repositories } from '../../db/repositories';
import type { DirectPartner } from '../../db/direct/partner-repository';
import type { DeliveryRoute } from '../../domain/referrals/delivery-route';
import { DirectSendError, enqueueDirectMessage } from '../../integrations/direct/flows/enqueue-message';
import type { MimePart } from '../../integrations/direct/security-agent';
import { newId } from '../../lib/ids';

/** A document the practice sends, and what its Direct message is made of (built only when it goes by Direct). */
export interface OutgoingDocument {
  practiceId: string;
  resourceType: 'DiagnosticReport' | 'DocumentReference';
  resourceId: string;
  route: DeliveryRoute<DirectPartner>;
  /** The subject and parts, in order: the plain-text summary, the PDF, the FHIR Bundle. */
  message(): Promise<{ subject: string; parts: MimePart[] }>;
  /** Who sends, for the audit trail. */
  agent: string;
  now: Date;
}

/**
 * Sends `document` by its route, in `tx` — the document's own transaction, so that a message is
 * queued if and only if the document is stored — and records the delivery. By Direct, the
 * message goes through the practice's outbox; when it cannot be queued (the practice has no
 * Direct identity, the recipient no certificate on file) the delivery is recorded as failed with
 * that reason and the document itself still commits: a document is never lost for want of a way
 * to send it. FHIR and download deliveries only record the channel.
 * @see https://wiki.directproject.org/w/images/e/e6/Applicability_Statement_for_Secure_Health_Transport_v1.2.pdf (§2.3)
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html
 */
export async function sendDocument(tx: Repositories, document: OutgoingDocument): Promise<void> {
  const { route } = document;
  let messageRowId: string | null = null;
  let failure: string | null = null;
  if (route.channel === 'direct') {
    const { subject, parts } = await document.message();
    try {
      messageRowId = (await enqueueDirectMessage(tx, { practiceId: document.practiceId, to: [route.to], subject, parts }, document.now)).id;
    } catch (error) {
      if (!(error instanceof DirectSendError)) throw error;
      failure = error.message;
    }
    await tx.audit.record({
      practiceId: document.practiceId,
      action: 'C',
      kind: 'practice.document.send',
      outcome: failure ? 'failure' : 'success',
      agent: document.agent,
      entityType: messageRowId ? 'DirectMessage' : document.resourceType,
      entityId: messageRowId ?? document.resourceId,
    });
  }
  await tx.documentDeliveries.insert({
    id: newId(),
    practiceId: document.practiceId,
    resourceType: document.resourceType,
    resourceId: document.resourceId,
    channel: route.channel,
    recipient: route.channel === 'direct' ? route.to : null,
    messageRowId,
    failure,
    downloadedAt: null,
    createdAt: document.now,
  });
}
