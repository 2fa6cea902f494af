import { encodeUnstructured } from './header-fields';

/**
 * An RFC 5322 date-time in UTC (`Fri, 27 Nov 2026 08:06:38 +0000`).
 * @see https://www.rfc-editor.org/rfc/rfc5322#section-3.3
 */
export function formatDate(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

/** A Message-ID as written in the header: `<id-left@id-right>`. */
export function formatMessageId(messageId: string): string {
  const bare = messageId.trim().replace(/^<|>$/g, '');
  if (!/^[^\s<>@]+@[^\s<>@]+$/.test(bare)) throw new TypeError(`not a Message-ID: ${messageId}`);
  return `<${bare}>`;
}

/** An address list folded one address per line. */
export function formatAddressList(addresses: string[]): string {
  for (const address of addresses) {
    if (!/^[^\s@<>",]+@[^\s@<>",]+$/.test(address)) throw new TypeError(`not a Direct address: ${address}`);
  }
  return addresses.join(',\r\n ');
}

/**
 * The originator, destination, identification and date fields of a message, in the order
 * RFC 5322 lists them.
 * @see https://www.rfc-editor.org/rfc/rfc5322#section-3.6
 */
export function identityHeaderFields(message: {
  from: string;
  to: string[];
  subject: string;
  messageId: string;
  date: Date;
}): [string, string][] {
  return [
    ['From', formatAddressList([message.from])],
    ['To', formatAddressList(message.to)],
    ['Subject', encodeUnstructured(message.subject)],
    ['Message-ID', formatMessageId(message.messageId)],
    ['Date', formatDate(message.date)],
  ];
}

/**
 * Caller-supplied fields (`In-Reply-To`, `References`…): ASCII, one line, and never a field the
 * security agent writes itself (MIME fields).
 * @see https://www.rfc-editor.org/rfc/rfc5322#section-3.6.8
 */
export function extraHeaderFields(headers: Record<string, string> = {}): [string, string][] {
  return Object.entries(headers).map(([name, value]) => {
    if (!/^[\x21-\x39\x3b-\x7e]+$/.test(name) || /^(content-|mime-version$)/i.test(name) || !/^[\x20-\x7e\t]*$/.test(value)) {
      throw new TypeError(`header field not allowed here: ${name}`);
    }
    return [name, value];
  });
}
