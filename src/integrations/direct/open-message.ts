import type { Certificate } from 'pkijs';
import { certificateDer, parseCertificatePem, parseCertificatesPem, pkcs8FromPem, toPem } from './certificates/pem';
import { isBoundToAddress } from './certificates/address-binding';
import { mayProtectEmail } from './certificates/signing-usage';
import { verifyTrustChain } from './certificates/trust-chain';
import { parseAddressList, sameAddress } from './mime/addresses';
import { decodeTransferEncoding, MimeSyntaxError, parseEntity, splitMultipart, type MimeEntity } from './mime/entity';
import { decodeEncodedWords, headerMap, headerValue } from './mime/header-fields';
import { leafParts } from './mime/leaf-parts';
import { readEnvelope } from './read-envelope';
import { DirectRejection } from './rejection';
import { decryptEnvelopedData, type DecryptionKey } from './smime/open-envelope';
import { verifySignedData } from './smime/verify-signature';
import type { OpenedMessage, RecipientIdentity } from './types';

const PKCS7_MIME = /^application\/(x-)?pkcs7-mime$/;
const PKCS7_SIGNATURE = /^application\/(x-)?pkcs7-signature$/;
/** @see https://www.rfc-editor.org/rfc/rfc8551#section-3.2.2 (smime-type values) */
const ENVELOPED_TYPES = new Set(['enveloped-data', 'authenveloped-data']);

/**
 * Opens an inbound Direct message and checks everything the Applicability Statement asks of a
 * receiving security agent, in this order: it is S/MIME enveloped data (`not-encrypted`), with
 * AES-CBC or AES-GCM content encryption (`weak-algorithm`) that one of our keys opens
 * (`undecryptable`); the content
 * is S/MIME signed (`not-signed`) with SHA-2 (`weak-algorithm`) and the signature verifies
 * (`bad-signature`); the signer chains to a trust anchor (`untrusted-signer`), every certificate
 * of the chain valid at `now` (`certificate-expired`), and its key usages allow signing email
 * (`untrusted-signer`); the signer certificate is bound to the
 * From address (`sender-not-bound`); the message is addressed to one of `recipients`
 * (`wrong-recipient`). Unreadable MIME or CMS is `malformed`.
 *
 * A message wrapped as `message/rfc822` inside the signature (RFC 5751 § 3.1) is judged by its
 * signed headers; its outer From, when present, must name the same sender. An unwrapped message
 * is judged by its outer headers.
 *
 * Throws only {@link DirectRejection} for anything wrong with the message; `sender` and
 * `messageId` on it come from the outer headers. A bad identity or trust anchor PEM (our own
 * configuration) throws an ordinary Error before the message is looked at.
 * @see https://www.healthit.gov/sites/default/files/directproject/Applicability%20Statement%20for%20Secure%20Health%20Transport%20v1.2.pdf (§ 2.3, § 4)
 * @see https://www.rfc-editor.org/rfc/rfc5751#section-3.4
 */
export async function openMessage(
  raw: Uint8Array,
  recipients: RecipientIdentity[],
  trustAnchorsPem: string[],
  now: Date,
): Promise<OpenedMessage> {
  const keys = recipients.map((identity): DecryptionKey => ({
    certificate: parseCertificatePem(identity.certificatePem),
    pkcs8: pkcs8FromPem(identity.privateKeyPem),
  }));
  const anchors = trustAnchorsPem.flatMap(parseCertificatesPem);
  const envelope = readEnvelope(raw);
  try {
    return await openChecked(raw, recipients, keys, anchors, now);
  } catch (error) {
    const rejection =
      error instanceof DirectRejection
        ? error
        : new DirectRejection('malformed', error instanceof MimeSyntaxError ? error.message : 'the message cannot be read');
    rejection.sender ??= envelope.from;
    rejection.messageId ??= envelope.messageId;
    throw rejection;
  }
}

async function openChecked(
  raw: Uint8Array,
  recipients: RecipientIdentity[],
  keys: DecryptionKey[],
  anchors: Certificate[],
  now: Date,
): Promise<OpenedMessage> {
  const outer = parseEntity(raw);
  const smimeType = outer.contentType.parameters['smime-type']?.toLowerCase();
  if (!PKCS7_MIME.test(outer.contentType.value) || (smimeType !== undefined && !ENVELOPED_TYPES.has(smimeType))) {
    throw new DirectRejection('not-encrypted', `the message is ${outer.contentType.value}, not S/MIME enveloped data`);
  }
  const { content, key } = await decryptEnvelopedData(decodeTransferEncoding(outer), keys);
  const recipient = recipients[keys.indexOf(key)]!;

  let decrypted: MimeEntity;
  try {
    decrypted = parseEntity(content);
  } catch {
    throw new DirectRejection('undecryptable', 'the message could not be decrypted with our keys');
  }
  const { signedEntity, signature } = await verifySignedEntity(decrypted);
  await verifyTrustChain(signature.signer, signature.certificates, anchors, now);
  if (!mayProtectEmail(signature.signer)) {
    throw new DirectRejection('untrusted-signer', 'the signer certificate is not for signing email');
  }

  const outerFrom = parseAddressList(headerValue(outer.fields, 'from'));
  let message = outer;
  let body = signedEntity;
  if (signedEntity.contentType.value === 'message/rfc822') {
    message = parseEntity(decodeTransferEncoding(signedEntity));
    body = message;
  }
  const from = parseAddressList(headerValue(message.fields, 'from'));
  if (from.length !== 1) throw new DirectRejection('malformed', 'the message does not name exactly one sender');
  const sender = from[0]!;
  if (message !== outer && outerFrom.length > 0 && !(outerFrom.length === 1 && sameAddress(outerFrom[0]!, sender))) {
    throw new DirectRejection('sender-not-bound', 'the outer From differs from the signed From');
  }
  if (!isBoundToAddress(signature.signer, sender)) {
    throw new DirectRejection('sender-not-bound', 'the signer certificate is not bound to the From address');
  }
  const to = message.fields
    .filter((field) => field.name === 'to' || field.name === 'cc')
    .flatMap((field) => parseAddressList(field.value));
  if (!to.some((address) => recipients.some((identity) => sameAddress(identity.address, address)))) {
    throw new DirectRejection('wrong-recipient', 'the message is not addressed to any of our Direct addresses');
  }

  const subject = headerValue(message.fields, 'subject');
  const date = headerValue(message.fields, 'date');
  const opened: OpenedMessage = {
    from: sender,
    to,
    messageId: headerValue(message.fields, 'message-id') ?? '',
    headers: headerMap(message.fields),
    parts: leafParts(body),
    signerCertificatePem: toPem(certificateDer(signature.signer), 'CERTIFICATE'),
    recipient: recipient.address,
  };
  if (subject !== undefined) opened.subject = decodeEncodedWords(subject);
  if (date !== undefined) opened.date = date;
  return opened;
}

/**
 * The signed entity and its verified signature, from `multipart/signed` (detached) or
 * `application/pkcs7-mime; smime-type=signed-data` (encapsulated).
 * @see https://www.rfc-editor.org/rfc/rfc5751#section-3.4
 */
async function verifySignedEntity(entity: MimeEntity) {
  if (entity.contentType.value === 'multipart/signed') {
    const parts = splitMultipart(entity);
    if (parts.length !== 2) throw new DirectRejection('malformed', 'multipart/signed without exactly two parts');
    const signaturePart = parseEntity(parts[1]!);
    if (!PKCS7_SIGNATURE.test(signaturePart.contentType.value)) {
      throw new DirectRejection('not-signed', `the signature part is ${signaturePart.contentType.value}`);
    }
    const signatureDer = decodeTransferEncoding(signaturePart);
    const signature = await verifyCanonical(signatureDer, parts[0]!);
    return { signedEntity: parseEntity(parts[0]!), signature };
  }
  const smimeType = entity.contentType.parameters['smime-type']?.toLowerCase();
  if (PKCS7_MIME.test(entity.contentType.value) && smimeType === 'signed-data') {
    const signature = await verifySignedData(decodeTransferEncoding(entity));
    return { signedEntity: parseEntity(signature.content), signature };
  }
  throw new DirectRejection('not-signed', `the decrypted content is ${entity.contentType.value}, not S/MIME signed`);
}

/**
 * Verifies over the part's bytes as received and, when they hold bare LFs, over their CRLF
 * canonical form (RFC 5751 § 3.1.1), which is what a sender that signs text digests.
 */
async function verifyCanonical(signatureDer: Uint8Array, content: Uint8Array) {
  try {
    return await verifySignedData(signatureDer, content);
  } catch (error) {
    const hasBareLf = content.some((byte, i) => byte === 0x0a && content[i - 1] !== 0x0d);
    if (!(error instanceof DirectRejection) || error.reason !== 'bad-signature' || !hasBareLf) throw error;
    const canonical: number[] = [];
    content.forEach((byte, i) => {
      if (byte === 0x0a && content[i - 1] !== 0x0d) canonical.push(0x0d);
      canonical.push(byte);
    });
    return verifySignedData(signatureDer, Uint8Array.from(canonical));
  }
}
