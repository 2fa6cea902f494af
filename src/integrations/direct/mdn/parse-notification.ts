import { latin1 } from '../bytes';
import { parseAddressList } from '../mime/addresses';
import { headerValue, parseHeaderFields, type HeaderField } from '../mime/header-fields';
import type { OpenedMessage, ParsedPart } from '../types';

/** A delivery notification matched to the message it reports on. */
export interface DeliveryNotification {
  kind: 'mdn' | 'dsn';
  /** The Message-ID of the message reported on, as written (`<…>`). */
  originalMessageId: string;
  /**
   * For an MDN the disposition type (`processed`, `dispatched`, `failed`, `displayed`, `deleted`;
   * `failed` too when the `error` modifier is present); for a DSN the recipient's Action
   * (`failed`, `delayed`, `delivered`, `relayed`, `expanded`).
   */
  disposition: string;
  /** The Final-Recipient address, when it is an rfc822 address. */
  recipient?: string;
}

/**
 * Reads an opened message as a delivery notification: an MDN (`message/disposition-notification`
 * part) or a DSN (`message/delivery-status` part, the original Message-ID taken from the returned
 * headers). Returns undefined for any other message, or a report without an original Message-ID.
 * @see https://www.rfc-editor.org/rfc/rfc8098#section-3.2
 * @see https://www.rfc-editor.org/rfc/rfc3464#section-2
 */
export function parseDeliveryNotification(opened: OpenedMessage): DeliveryNotification | undefined {
  const mdn = opened.parts.find((part) => part.contentType === 'message/disposition-notification');
  if (mdn) return parseMdn(mdn);
  const dsn = opened.parts.find((part) => part.contentType === 'message/delivery-status');
  if (dsn) return parseDsn(dsn, opened.parts);
  return undefined;
}

function parseMdn(part: ParsedPart): DeliveryNotification | undefined {
  const [fields] = fieldGroups(part);
  const originalMessageId = fields && headerValue(fields, 'original-message-id');
  const dispositionField = fields && headerValue(fields, 'disposition');
  if (!fields || !originalMessageId || !dispositionField) return undefined;
  const match = /;\s*([a-z-]+)\s*(?:\/\s*([a-z-]+(?:\s*,\s*[a-z-]+)*))?/i.exec(dispositionField);
  if (!match) return undefined;
  const modifiers = (match[2] ?? '').toLowerCase().split(/\s*,\s*/);
  const disposition = modifiers.includes('error') ? 'failed' : match[1]!.toLowerCase();
  const notification: DeliveryNotification = { kind: 'mdn', originalMessageId, disposition };
  const recipient = finalRecipient(fields);
  if (recipient) notification.recipient = recipient;
  return notification;
}

function parseDsn(part: ParsedPart, parts: ParsedPart[]): DeliveryNotification | undefined {
  const groups = fieldGroups(part);
  const recipientFields = groups.slice(1).find((group) => headerValue(group, 'action'));
  const action = recipientFields && headerValue(recipientFields, 'action');
  const returned = parts.find((candidate) => candidate.contentType === 'text/rfc822-headers' || candidate.contentType === 'message/rfc822');
  const returnedFields = returned ? parseHeaderFields(headerSection(latin1(returned.body))) : undefined;
  const originalMessageId = returnedFields && headerValue(returnedFields, 'message-id');
  if (!recipientFields || !action || !originalMessageId) return undefined;
  const notification: DeliveryNotification = { kind: 'dsn', originalMessageId, disposition: action.toLowerCase() };
  const recipient = finalRecipient(recipientFields);
  if (recipient) notification.recipient = recipient;
  return notification;
}

/** The blank-line separated field groups of a report part (a DSN has per-message then per-recipient groups). */
function fieldGroups(part: ParsedPart): HeaderField[][] {
  return latin1(part.body)
    .split(/\r?\n[ \t]*\r?\n/)
    .map((group) => group.replace(/^(\r?\n)+|(\r?\n)+$/g, ''))
    .filter((group) => group !== '')
    .map((group) => parseHeaderFields(group) ?? []);
}

function headerSection(text: string): string {
  const end = /\r?\n\r?\n/.exec(text);
  return (end ? text.slice(0, end.index) : text).replace(/(\r?\n)+$/, '');
}

function finalRecipient(fields: HeaderField[]): string | undefined {
  const value = headerValue(fields, 'final-recipient');
  const match = value && /^\s*rfc822\s*;\s*(.+)$/i.exec(value);
  return match ? parseAddressList(match[1]!)[0] : undefined;
}
