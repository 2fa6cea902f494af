import { addressDomain } from '../mime/addresses';
import type { OpenedMessage, OutboundMessage } from '../types';

/** The dispositions MetBridge reports on a message it received. */
export type MdnDisposition = 'processed' | 'dispatched' | 'failed';

const HUMAN_TEXT: Record<MdnDisposition, string> = {
  processed: 'Your message was received and accepted by the destination security agent.',
  dispatched: 'Your message was delivered to its final destination.',
  failed: 'Your message could not be delivered to its final destination.',
};

/**
 * A message disposition notification for a message we opened, as a message to seal and send
 * back to its sender: `multipart/report; report-type=disposition-notification` with a human
 * readable part and a `message/disposition-notification` part naming the final recipient and the
 * Original-Message-ID. A `dispatched` MDN answers a request for final destination delivery and
 * says so with the `X-DIRECT-FINAL-DESTINATION-DELIVERY` extension field.
 * @see https://www.rfc-editor.org/rfc/rfc8098#section-3
 * @see Implementation Guide for Delivery Notification in Direct 1.0, § 3 (processed, dispatched and failed MDNs)
 * @see https://www.healthit.gov/sites/default/files/directproject/Applicability%20Statement%20for%20Secure%20Health%20Transport%20v1.2.pdf (§ 3: processed MDN)
 */
export function buildMdn(
  original: OpenedMessage,
  disposition: MdnDisposition,
  reportingAddress: string,
  messageId: string,
  date: Date,
): OutboundMessage {
  const fields = [
    `Reporting-UA: ${addressDomain(reportingAddress)}; MetBridge`,
    `Original-Recipient: rfc822;${reportingAddress}`,
    `Final-Recipient: rfc822;${reportingAddress}`,
  ];
  if (original.messageId) fields.push(`Original-Message-ID: ${original.messageId}`);
  fields.push(`Disposition: automatic-action/MDN-sent-automatically;${disposition}`);
  if (disposition === 'dispatched') fields.push('X-DIRECT-FINAL-DESTINATION-DELIVERY:');
  const subjectPrefix = { processed: 'Processed', dispatched: 'Dispatched', failed: 'Failed' }[disposition];
  const headers: Record<string, string> = {};
  if (original.messageId) {
    headers['In-Reply-To'] = original.messageId;
    headers.References = original.messageId;
  }
  return {
    from: reportingAddress,
    to: [original.from],
    subject: `${subjectPrefix}: ${original.subject ?? ''}`.trim(),
    messageId,
    date,
    headers,
    report: 'disposition-notification',
    parts: [
      { contentType: 'text/plain', body: HUMAN_TEXT[disposition] },
      { contentType: 'message/disposition-notification', body: `${fields.join('\r\n')}\r\n` },
    ],
  };
}
