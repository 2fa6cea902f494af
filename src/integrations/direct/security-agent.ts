/**
 * The Direct security agent: seals outbound messages (sign, then encrypt) and opens inbound ones
 * (decrypt, verify, check trust and address binding), builds and reads delivery notifications.
 * Pure functions over bytes and PEM text; Web Crypto, pkijs and asn1js only.
 * @see https://www.healthit.gov/sites/default/files/directproject/Applicability%20Statement%20for%20Secure%20Health%20Transport%20v1.2.pdf
 */
export type { MimePart, OpenedMessage, OutboundMessage, ParsedPart, RecipientIdentity, SealOptions, SenderKeys } from './types';
export { DirectRejection, type DirectRejectionReason } from './rejection';
export { sealMessage, DELIVERY_NOTIFICATION_OPTIONS } from './seal-message';
export { openMessage } from './open-message';
export { readEnvelope, type Envelope } from './read-envelope';
export { buildMdn, type MdnDisposition } from './mdn/build-mdn';
export { parseDeliveryNotification, type DeliveryNotification } from './mdn/parse-notification';
