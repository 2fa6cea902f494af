import type { MessageKind, UnsealedContent } from '../../../db/schema/direct-messages';
import type { KeyTransport } from '../../../db/schema/direct-partners';
import type { Repositories } from '../../../db/repositories';
import { newId } from '../../../lib/ids';
import type { MimePart, OutboundMessage } from '../security-agent';
import { encodeRaw } from '../store/raw-message';

/** A message a practice sends by Direct. */
export interface DirectMessageRequest {
  practiceId: string;
  /** One of the practice's Direct addresses; its first one when absent. */
  from?: string;
  to: string[];
  subject: string;
  /** In order; reports put a plain-text summary first, then the PDF, then the FHIR Bundle. */
  parts: MimePart[];
  headers?: Record<string, string>;
  report?: OutboundMessage['report'];
  kind?: MessageKind;
  /**
   * Certificates to encrypt to instead of the partners' (an answer to the certificate that signed
   * the message answered); when absent every recipient must be a partner with a certificate.
   */
  recipientCertificates?: string[];
  /** The inbound message this answers, and the Message-ID it reports on (MDNs, failure notices). */
  inReplyTo?: string;
  originalMessageId?: string;
}

/** Why a message cannot be queued; `field` names the request field at fault. */
export class DirectSendError extends Error {
  override readonly name = 'DirectSendError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export interface EnqueuedMessage {
  /** The message's row id (for `GET /api/v1/messages/{id}`). */
  id: string;
  /** Its RFC 5322 Message-ID, kept across every retry. */
  messageId: string;
}

/**
 * Queues a Direct message in the outbox, with one delivery per recipient, using `tx` — the
 * caller's transaction, so the message is sent if and only if the business change commits. The
 * dispatcher seals it (sign, then encrypt) and POSTs it to the relay.
 * @throws DirectSendError when the practice has no Direct identity or a recipient has no certificate.
 * @see https://wiki.directproject.org/w/images/e/e6/Applicability_Statement_for_Secure_Health_Transport_v1.2.pdf (§2.3)
 */
export async function enqueueDirectMessage(tx: Repositories, request: DirectMessageRequest, now: Date): Promise<EnqueuedMessage> {
  const from = await senderAddress(tx, request);
  if (!request.to.length) throw new DirectSendError('to', 'Name at least one recipient.');
  const { certificates, keyTransport } = await encryptionTargets(tx, request);
  const id = newId();
  const messageId = `<${newId()}@${from.slice(from.lastIndexOf('@') + 1)}>`;
  const content: UnsealedContent = {
    subject: request.subject,
    parts: request.parts.map((part) => ({
      contentType: part.contentType,
      ...(typeof part.body === 'string' ? { bodyText: part.body } : { bodyBase64: encodeRaw(part.body) }),
      ...(part.filename ? { filename: part.filename } : {}),
      ...(part.disposition ? { disposition: part.disposition } : {}),
    })),
    ...(request.headers ? { headers: request.headers } : {}),
    ...(request.report ? { report: request.report } : {}),
  };
  await tx.direct.messages.insertOutbound({
    id,
    practiceId: request.practiceId,
    kind: request.kind ?? 'message',
    messageId,
    fromAddress: from,
    toAddresses: request.to,
    state: 'queued',
    content,
    recipientCertificates: certificates,
    keyTransport,
    inReplyTo: request.inReplyTo ?? null,
    originalMessageId: request.originalMessageId ?? null,
    createdAt: now,
  });
  await tx.direct.outbox.insert({
    id: newId(),
    practiceId: request.practiceId,
    messageRowId: id,
    state: 'queued',
    attempts: 0,
    nextAttemptAt: now,
    windowStartedAt: now,
    lastError: null,
    sentAt: null,
    createdAt: now,
  });
  await tx.direct.deliveries.insertMany(
    request.to.map((recipient) => ({
      id: newId(),
      practiceId: request.practiceId,
      messageRowId: id,
      recipient,
      state: 'queued' as const,
      detail: null,
      sentAt: null,
      updatedAt: now,
      createdAt: now,
    })),
  );
  return { id, messageId };
}

async function senderAddress(tx: Repositories, request: DirectMessageRequest): Promise<string> {
  if (request.from) {
    const identity = await tx.direct.identities.findInPractice(request.practiceId, request.from);
    if (!identity) throw new DirectSendError('from', `${request.from} is not a Direct address of this practice.`);
    return identity.address;
  }
  const [first] = await tx.direct.identities.listOfPractice(request.practiceId);
  if (!first) throw new DirectSendError('from', 'This practice has no Direct address yet (POST /admin/practices/{id}/direct-identity).');
  return first.address;
}

/** The recipients' certificates, and RSA-OAEP only when every recipient is a partner asking for it. */
async function encryptionTargets(
  tx: Repositories,
  request: DirectMessageRequest,
): Promise<{ certificates: string[]; keyTransport: KeyTransport }> {
  const partners = [];
  for (const [index, address] of request.to.entries()) {
    const partner = await tx.direct.partners.findByAddress(request.practiceId, address);
    if (!request.recipientCertificates && !partner?.certificatePem) {
      throw new DirectSendError(
        `to.${index}`,
        partner ? `The partner at ${address} has no certificate on file.` : `${address} is not a partner of this practice.`,
      );
    }
    partners.push(partner);
  }
  const certificates = request.recipientCertificates ?? partners.map((partner) => partner!.certificatePem!);
  const oaep = partners.every((partner) => partner?.keyTransport === 'rsa-oaep');
  return { certificates, keyTransport: oaep ? 'rsa-oaep' : 'rsa-pkcs1' };
}
