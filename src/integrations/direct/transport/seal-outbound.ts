import type { DirectMessage } from '../../../db/direct/message-repository';
import type { Repositories } from '../../../db/repositories';
import { sealMessage, type MimePart, type OutboundMessage } from '../security-agent';
import type { PrivateKeyVault } from '../store/private-key-vault';
import { decodeRaw } from '../store/raw-message';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** Why a queued message cannot be sealed; it will never be sendable as it stands. */
export class SealFailure extends Error {
  override readonly name = 'SealFailure';
}

/**
 * Signs then encrypts a queued message with the sending identity's current certificate and key,
 * to the certificates chosen when it was queued. The caller stores the bytes once; retries and
 * replays send those same bytes.
 */
export async function sealQueuedMessage(repositories: Repositories, vault: PrivateKeyVault | undefined, row: DirectMessage): Promise<Uint8Array> {
  const { content, practiceId, fromAddress, messageId, recipientCertificates } = row;
  if (!content || !practiceId || !fromAddress || !messageId || !recipientCertificates?.length) {
    throw new SealFailure('the queued message is incomplete');
  }
  if (!vault) throw new SealFailure('no key secret is configured (DIRECT_KEY_SECRET or ADMIN_TOKEN)');
  const identity = await repositories.direct.identities.findInPractice(practiceId, fromAddress);
  if (!identity) throw new SealFailure(`the practice no longer has the Direct address ${fromAddress}`);
  const privateKeyPem = await vault.open(identity.privateKeyCiphertext, { practiceId, address: identity.address }).catch(() => {
    throw new SealFailure('the private key of the sending address cannot be decrypted with the configured secret');
  });
  const message: OutboundMessage = {
    from: identity.address,
    to: row.toAddresses,
    subject: content.subject,
    messageId,
    date: row.createdAt,
    parts: content.parts.map(
      (part): MimePart => ({
        contentType: part.contentType,
        body: part.bodyText ?? decodeRaw(part.bodyBase64 ?? ''),
        ...(part.filename ? { filename: part.filename } : {}),
        ...(part.disposition ? { disposition: part.disposition } : {}),
      }),
    ),
    ...(content.headers ? { headers: content.headers } : {}),
    ...(content.report ? { report: content.report } : {}),
  };
  const keyTransport = row.keyTransport === 'rsa-oaep' ? 'rsa-oaep' : 'rsa-pkcs1';
  // The identity's PEM is its certificate, then any intermediate CAs: those travel in the signature.
  const [certificatePem, ...chainPem] = identity.certificatePem.match(PEM_CERTIFICATE) ?? [];
  if (!certificatePem) throw new SealFailure('the certificate of the sending address cannot be read');
  try {
    return await sealMessage(message, { certificatePem, privateKeyPem, chainPem }, recipientCertificates, { keyTransport });
  } catch {
    throw new SealFailure('the message could not be signed and encrypted with the certificates on file');
  }
}
