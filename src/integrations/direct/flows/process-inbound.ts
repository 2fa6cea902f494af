import type { Database } from '../../../db/database';
import type { DirectMessage } from '../../../db/direct/message-repository';
import { isDatabaseUnavailable } from '../../../db/errors';
import type { Practice } from '../../../db/practice-repository';
import { createRepositories, type Repositories } from '../../../db/repositories';
import type { MessageKind } from '../../../db/schema/direct-messages';
import { DirectRejection, openMessage, parseDeliveryNotification, readEnvelope, type OpenedMessage, type RecipientIdentity } from '../security-agent';
import { decodeRaw } from '../store/raw-message';
import { queueAnswer, unopenedOriginal } from './answer-sender';
import { trackDeliveryNotification } from './delivery-tracking';
import type { DirectRuntime } from './direct-runtime';
import { classifyContent } from './inbound-content';
import { ReferralRefused, type ReferralIntake } from './referral-intake';
import { createTriageTask } from './triage-documents';

export type ProcessOutcome = 'processed' | 'rejected' | 'skipped';

export interface InboundProcessor {
  /** Processes one stored message if it is still `received` (and nobody else holds it). */
  processMessage(id: string): Promise<ProcessOutcome>;
  /** Processes every stored message still `received`, oldest first. */
  processPending(): Promise<Record<ProcessOutcome, number>>;
}

interface Accepted {
  kind: MessageKind;
  from: string;
  originalMessageId?: string;
  resources: string[];
  /** The verified signer's certificate: kept so that later answers (letters, reports) can be encrypted to the sender. */
  signerCertificatePem: string;
}

/** A refusal after the message was opened: the sender is verified and gets a `failed` MDN. */
class ContentRefusal extends Error {
  override readonly name = 'ContentRefusal';
  constructor(
    message: string,
    readonly opened: OpenedMessage,
  ) {
    super(message);
  }
}

const BATCH = 50;

/**
 * Processing of stored inbound messages, each in one transaction: open it (decrypt, verify,
 * trust, address binding), then apply it — a delivery notification to delivery tracking, a FHIR
 * referral Bundle to referral intake, documents to a triage Task — and queue the `processed` MDN.
 * Anything refused leaves the message `rejected` with its reason (nothing else it would have
 * written) and queues a `failed` MDN to the sender when one can be addressed and encrypted to.
 * Processing is idempotent: a message leaves `received` exactly once.
 * @see https://wiki.directproject.org/w/images/e/e6/Applicability_Statement_for_Secure_Health_Transport_v1.2.pdf (§3: MDN on receipt)
 */
export function inboundProcessor(db: Database, runtime: DirectRuntime, intake: ReferralIntake): InboundProcessor {
  const processor: InboundProcessor = {
    processMessage: (id) =>
      createRepositories(db, runtime.clock).transaction(async (tx) => {
        const row = await tx.direct.messages.lockReceived(id);
        if (!row) return 'skipped';
        const outcome = await processLocked(tx, runtime, intake, row);
        runtime.logger.info('direct.inbound.processed', { messageRowId: row.id, outcome });
        return outcome;
      }),
    async processPending() {
      const counts: Record<ProcessOutcome, number> = { processed: 0, rejected: 0, skipped: 0 };
      const ids = await createRepositories(db, runtime.clock).direct.messages.listReceivedIds(BATCH);
      for (const id of ids) counts[await processor.processMessage(id)] += 1;
      return counts;
    },
  };
  return processor;
}

async function processLocked(tx: Repositories, runtime: DirectRuntime, intake: ReferralIntake, row: DirectMessage): Promise<ProcessOutcome> {
  const now = runtime.clock.now();
  const practice = row.practiceId ? await tx.practices.findById(row.practiceId) : undefined;
  if (!practice) {
    await reject(tx, row, null, 'wrong-recipient: not addressed to a Direct address of this deployment', now);
    return 'rejected';
  }
  try {
    const accepted = await tx.transaction((inner) => accept(inner, runtime, intake, practice, row, now));
    await tx.direct.messages.finishInbound(row.id, {
      state: 'processed',
      practiceId: practice.id,
      kind: accepted.kind,
      fromAddress: accepted.from,
      resources: accepted.resources,
      signerCertificatePem: accepted.signerCertificatePem,
      processedAt: now,
      ...(accepted.originalMessageId ? { originalMessageId: accepted.originalMessageId } : {}),
    });
    return 'processed';
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw error;
    await rejectWithNotice(tx, runtime, practice, row, error, now);
    return 'rejected';
  }
}

async function accept(
  tx: Repositories,
  runtime: DirectRuntime,
  intake: ReferralIntake,
  practice: Practice,
  row: DirectMessage,
  now: Date,
): Promise<Accepted> {
  const recipients = await recipientKeys(tx, runtime, practice.id);
  const anchors = (await tx.direct.trustAnchors.list()).map((anchor) => anchor.pem);
  const opened = await openMessage(decodeRaw(row.raw!), recipients, anchors, now);
  const notification = parseDeliveryNotification(opened);
  if (notification) {
    await trackDeliveryNotification(tx, practice.id, notification, opened.from, now);
    return {
      kind: notification.kind,
      from: opened.from,
      originalMessageId: notification.originalMessageId,
      resources: [],
      signerCertificatePem: opened.signerCertificatePem,
    };
  }
  let resources: string[];
  try {
    const content = classifyContent(opened);
    resources =
      content.kind === 'referral'
        ? (await intake({ tx, practice, bundle: content.bundle, sender: opened.from, now })).resources
        : await createTriageTask(tx, { practice, documents: content.documents, sender: opened.from, messageId: opened.messageId, now });
  } catch (error) {
    if (error instanceof ReferralRefused) throw new ContentRefusal(`invalid-referral: ${error.message}`, opened);
    throw error;
  }
  await queueAnswer(tx, {
    practiceId: practice.id,
    original: opened,
    disposition: 'processed',
    reportingAddress: opened.recipient,
    signerCertificatePem: opened.signerCertificatePem,
    inReplyTo: row.id,
    now,
  });
  return { kind: 'message', from: opened.from, resources, signerCertificatePem: opened.signerCertificatePem };
}

async function recipientKeys(tx: Repositories, runtime: DirectRuntime, practiceId: string): Promise<RecipientIdentity[]> {
  const vault = runtime.vault;
  if (!vault) throw new Error('no key secret is configured (DIRECT_KEY_SECRET or ADMIN_TOKEN)');
  const identities = await tx.direct.identities.listOfPractice(practiceId);
  const keys: RecipientIdentity[] = [];
  for (const identity of identities) {
    const privateKeyPem = await vault.open(identity.privateKeyCiphertext, { practiceId, address: identity.address });
    keys.push({ address: identity.address, certificatePem: identity.certificatePem, privateKeyPem });
  }
  return keys;
}

async function rejectWithNotice(
  tx: Repositories,
  runtime: DirectRuntime,
  practice: Practice,
  row: DirectMessage,
  error: unknown,
  now: Date,
): Promise<void> {
  const envelope = readEnvelope(decodeRaw(row.raw!));
  const identities = await tx.direct.identities.listOfPractice(practice.id);
  const ours =
    identities.find((identity) => envelope.to.some((address) => address.toLowerCase() === identity.address.toLowerCase())) ?? identities[0];
  if (error instanceof ContentRefusal) {
    await reject(tx, row, practice.id, error.message, now, error.opened.from);
    await queueAnswer(tx, {
      practiceId: practice.id,
      original: error.opened,
      disposition: 'failed',
      reportingAddress: error.opened.recipient,
      signerCertificatePem: error.opened.signerCertificatePem,
      inReplyTo: row.id,
      now,
    });
    return;
  }
  if (!(error instanceof DirectRejection)) {
    runtime.logger.error('direct.inbound.failed', { messageRowId: row.id, error: error instanceof Error ? error.name : typeof error });
    await reject(tx, row, practice.id, 'processing-error: the message could not be processed; an operator can replay it', now);
    return;
  }
  await reject(tx, row, practice.id, `${error.reason}: ${error.message}`, now);
  const sender = error.sender ?? envelope.from;
  if (!sender || !ours) return;
  await queueAnswer(tx, {
    practiceId: practice.id,
    original: unopenedOriginal(sender, error.messageId ?? envelope.messageId, envelope.to, ours.address),
    disposition: 'failed',
    reportingAddress: ours.address,
    inReplyTo: row.id,
    now,
  });
}

async function reject(tx: Repositories, row: DirectMessage, practiceId: string | null, reason: string, now: Date, from?: string): Promise<void> {
  await tx.direct.messages.finishInbound(row.id, {
    state: 'rejected',
    practiceId,
    kind: 'message',
    reason,
    processedAt: now,
    ...(from ? { fromAddress: from } : {}),
  });
}
