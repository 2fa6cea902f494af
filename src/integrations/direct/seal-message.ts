import { concatBytes, encodeBase64Lines, utf8 } from './bytes';
import { parseCertificatePem, parseCertificatesPem, pkcs8FromPem } from './certificates/pem';
import { buildMultipartBody, buildPart, formatHeaderSection } from './mime/build';
import { extraHeaderFields, identityHeaderFields } from './mime/message-headers';
import { encryptEnvelopedData } from './smime/envelope';
import { signDetached } from './smime/sign';
import type { OutboundMessage, SealOptions, SenderKeys } from './types';

/**
 * Asks the receiving security agent for a positive delivery notification from the final destination.
 * @see Implementation Guide for Delivery Notification in Direct 1.0, § 3.1
 */
export const DELIVERY_NOTIFICATION_OPTIONS = 'X-DIRECT-FINAL-DESTINATION-DELIVERY=optional,true';

/**
 * Builds the whole wire message of a Direct message: the RFC 5322 message (multipart/mixed of the
 * parts) wrapped as `message/rfc822`, signed as `multipart/signed` (detached CMS, SHA-256, RSA
 * PKCS#1 v1.5, the signer certificate included), enveloped for every recipient certificate
 * (AES-CBC, RSA key transport) as `application/pkcs7-mime; smime-type=enveloped-data`, under
 * outer headers that repeat From, To, Subject, Message-ID and Date. CRLF line ends throughout.
 * Throws a TypeError for a message that cannot be sent (no part, no recipient, a bad address or
 * Message-ID, a MIME header among the extra headers) or unreadable sender/recipient PEM.
 * @see https://www.healthit.gov/sites/default/files/directproject/Applicability%20Statement%20for%20Secure%20Health%20Transport%20v1.2.pdf (§ 2.3: S/MIME signed and encrypted)
 * @see https://www.rfc-editor.org/rfc/rfc5751#section-3.1 (message/rfc822 wrapping)
 * @see https://www.rfc-editor.org/rfc/rfc5751#section-3.5 (signed then encrypted)
 */
export async function sealMessage(
  message: OutboundMessage,
  sender: SenderKeys,
  recipientCertificatesPem: string[],
  options: SealOptions = {},
): Promise<Uint8Array> {
  const identityFields = identityHeaderFields(message);
  const extraFields = extraHeaderFields(message.headers);
  if (message.parts.length === 0) throw new TypeError('a message needs at least one part');
  if (message.to.length === 0) throw new TypeError('a message needs at least one recipient address');
  const signer = parseCertificatePem(sender.certificatePem);
  const chain = (sender.chainPem ?? []).flatMap(parseCertificatesPem);
  const recipients = recipientCertificatesPem.flatMap(parseCertificatesPem);
  if (recipients.length === 0) throw new TypeError('no recipient certificate to encrypt to');

  const mixed = message.report
    ? buildMultipartBody('report', message.parts.map(buildPart), ` report-type=${message.report};`)
    : buildMultipartBody('mixed', message.parts.map(buildPart));
  const innerMessage = concatBytes(
    utf8(
      formatHeaderSection([
        ...identityFields,
        ...extraFields,
        ['MIME-Version', '1.0'],
        ['Disposition-Notification-Options', DELIVERY_NOTIFICATION_OPTIONS],
        ['Content-Type', mixed.contentType],
      ]),
    ),
    utf8('\r\n'),
    mixed.body,
  );
  const wrapped = concatBytes(utf8(formatHeaderSection([['Content-Type', 'message/rfc822']])), utf8('\r\n'), innerMessage);

  const signature = await signDetached(wrapped, signer, chain, pkcs8FromPem(sender.privateKeyPem), message.date);
  const signaturePart = utf8(
    formatHeaderSection([
      ['Content-Type', 'application/pkcs7-signature; name=smime.p7s'],
      ['Content-Transfer-Encoding', 'base64'],
      ['Content-Disposition', 'attachment; filename=smime.p7s'],
    ]) + `\r\n${encodeBase64Lines(signature)}\r\n`,
  );
  const signed = buildMultipartBody('signed', [wrapped, signaturePart], ' protocol="application/pkcs7-signature"; micalg=sha-256;');
  const signedEntity = concatBytes(utf8(formatHeaderSection([['Content-Type', signed.contentType]])), utf8('\r\n'), signed.body);

  const enveloped = await encryptEnvelopedData(signedEntity, recipients, options);
  const outer = formatHeaderSection([
    ...identityFields,
    ['MIME-Version', '1.0'],
    ['Disposition-Notification-Options', DELIVERY_NOTIFICATION_OPTIONS],
    ['Content-Type', 'application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m'],
    ['Content-Transfer-Encoding', 'base64'],
    ['Content-Disposition', 'attachment; filename=smime.p7m'],
  ]);
  return utf8(`${outer}\r\n${encodeBase64Lines(enveloped)}\r\n`);
}
