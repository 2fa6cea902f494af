import type { Repositories } from '../../../db/repositories';
import { buildMdn, type MdnDisposition, type OpenedMessage } from '../security-agent';
import { enqueueDirectMessage } from './enqueue-message';

export interface Answer {
  practiceId: string;
  /** The message answered, as opened — or, for one that could not be opened, what its outer headers said. */
  original: OpenedMessage;
  disposition: MdnDisposition;
  /** Our Direct address the original was sent to. */
  reportingAddress: string;
  /** The certificate that signed the original, when it was verified. */
  signerCertificatePem?: string;
  /** The inbound message row answered. */
  inReplyTo: string;
  now: Date;
}

/**
 * Queues an MDN to the original's sender — `processed` for an accepted message, `failed` as the
 * failure notification of a rejected one — sealed to the partner's configured certificate, else
 * to the certificate that signed the original. Without either nobody can read an answer, so none
 * is queued; returns whether one was.
 * @see https://www.rfc-editor.org/rfc/rfc8098#section-3
 * @see https://wiki.directproject.org/w/images/2/24/Implementation_Guide_for_Delivery_Notification_in_Direct_v1.0.pdf (§2.1 processed, §2.3 failed)
 */
export async function queueAnswer(tx: Repositories, answer: Answer): Promise<boolean> {
  const partner = await tx.direct.partners.findByAddress(answer.practiceId, answer.original.from);
  const certificate = partner?.certificatePem ?? answer.signerCertificatePem;
  if (!certificate) return false;
  const mdn = buildMdn(answer.original, answer.disposition, answer.reportingAddress, '', answer.now);
  await enqueueDirectMessage(
    tx,
    {
      practiceId: answer.practiceId,
      from: answer.reportingAddress,
      to: mdn.to,
      subject: mdn.subject,
      parts: mdn.parts,
      ...(mdn.headers ? { headers: mdn.headers } : {}),
      ...(mdn.report ? { report: mdn.report } : {}),
      kind: answer.disposition === 'failed' ? 'failure-notice' : 'mdn',
      recipientCertificates: [certificate],
      inReplyTo: answer.inReplyTo,
      ...(answer.original.messageId ? { originalMessageId: answer.original.messageId } : {}),
    },
    answer.now,
  );
  return true;
}

/** The facts of a message that could not be opened, shaped as an opened one for {@link buildMdn}. */
export function unopenedOriginal(sender: string, messageId: string | undefined, to: string[], recipient: string): OpenedMessage {
  return { from: sender, to, messageId: messageId ?? '', headers: new Map(), parts: [], signerCertificatePem: '', recipient };
}
