import type { Repositories } from '../../db/repositories';
import { DirectSendError, enqueueDirectMessage, type DirectMessageRequest } from '../../integrations/direct/flows/enqueue-message';
import type { MimePart } from '../../integrations/direct/security-agent';
import { newId } from '../../lib/ids';
import type { DocumentRoute } from './delivery-route-of';

/** A document the practice sends, and what its Direct message is made of (built only when it goes by Direct). */
export interface OutgoingDocument {
  practiceId: string;
  resourceType: 'DiagnosticReport' | 'DocumentReference';
  resourceId: string;
  /** Where it goes, and for a referral received by Direct the message it came in. */
  routing: DocumentRoute;
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
 * to send it. An answer to the sender of a Direct referral goes from the practice address the
 * referral was sent to, encrypted to the partner's certificate on file or else to the
 * certificate that signed the referral. FHIR and download deliveries only record the channel.
 * @see https://wiki.directproject.org/w/images/e/e6/Applicability_Statement_for_Secure_Health_Transport_v1.2.pdf (§2.3)
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html
 */
export async function sendDocument(tx: Repositories, document: OutgoingDocument): Promise<void> {
  const { route } = document.routing;
  let messageRowId: string | null = null;
  let failure: string | null = null;
  if (route.channel === 'direct') {
    const { subject, parts } = await document.message();
    const request: DirectMessageRequest = {
      practiceId: document.practiceId,
      to: [route.to],
      subject,
      parts,
      ...(await answerTo(tx, document.practiceId, route.to, route.partner?.certificatePem ?? null, document.routing.origin)),
    };
    try {
      messageRowId = (await enqueueDirectMessage(tx, request, document.now)).id;
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

/** For the sender of a Direct referral: our address it wrote to, and its signing certificate when no partner certificate is on file. */
async function answerTo(
  tx: Repositories,
  practiceId: string,
  to: string,
  partnerCertificate: string | null,
  origin: DocumentRoute['origin'],
): Promise<Pick<DirectMessageRequest, 'from' | 'recipientCertificates'>> {
  if (!origin || origin.from.toLowerCase() !== to.toLowerCase()) return {};
  let from: string | undefined;
  for (const address of origin.to) {
    if (await tx.direct.identities.findInPractice(practiceId, address)) {
      from = address;
      break;
    }
  }
  const certificate = partnerCertificate ? undefined : (origin.signerCertificatePem ?? undefined);
  return { ...(from ? { from } : {}), ...(certificate ? { recipientCertificates: [certificate] } : {}) };
}
