import type { Repositories } from '../../../db/repositories';
import { newId } from '../../../lib/ids';
import { readEnvelope } from '../security-agent';
import { encodeRaw, sha256Hex } from '../store/raw-message';

export interface ReceivedInbound {
  id: string;
  /** The same message (Message-ID and content hash) was received before; it is processed once. */
  duplicate: boolean;
}

/**
 * Stores an inbound message exactly as received, before anything else looks at it, with its
 * SHA-256 and the routing facts of its outer headers (unauthenticated; processing checks the
 * signed ones). The practice is the one owning an addressed Direct address, if any.
 * @see https://wiki.directproject.org/w/images/e/e6/Applicability_Statement_for_Secure_Health_Transport_v1.2.pdf (§2: the HISP hands over the message as received)
 */
export async function receiveInbound(repositories: Repositories, raw: Uint8Array, now: Date): Promise<ReceivedInbound> {
  const envelope = readEnvelope(raw);
  let practiceId: string | null = null;
  for (const address of envelope.to) {
    const identity = await repositories.direct.identities.findByAddress(address);
    if (identity) {
      practiceId = identity.practiceId;
      break;
    }
  }
  const { message, duplicate } = await repositories.direct.messages.insertInbound({
    id: newId(),
    practiceId,
    messageId: envelope.messageId ?? null,
    fromAddress: envelope.from ?? null,
    toAddresses: envelope.to,
    raw: encodeRaw(raw),
    contentHash: await sha256Hex(raw),
    createdAt: now,
  });
  return { id: message.id, duplicate };
}
