/** The shapes the Direct security agent takes and returns. */

/** One body part of an outbound message. */
export interface MimePart {
  /** Media type, with parameters if needed (`application/fhir+json`, `text/plain; charset=utf-8`). */
  contentType: string;
  /** Text (sent as UTF-8) or bytes (sent as base64). */
  body: Uint8Array | string;
  /** File name for `Content-Disposition` (non-ASCII names are RFC 2231 encoded). */
  filename?: string;
  /** `attachment` by default when a filename is given, else `inline`. */
  disposition?: 'attachment' | 'inline';
}

/** An RFC 5322 message to seal: the parts become one multipart/mixed body. */
export interface OutboundMessage {
  /** The sender's Direct address (addr-spec). */
  from: string;
  /** The recipients' Direct addresses (addr-specs). */
  to: string[];
  subject: string;
  /** With or without the angle brackets; sent as `<…>`. */
  messageId: string;
  date: Date;
  parts: MimePart[];
  /**
   * Makes the body `multipart/report` with this report type instead of `multipart/mixed`
   * (RFC 6522); set by {@link buildMdn}.
   */
  report?: 'disposition-notification' | 'delivery-status';
  /** Extra header fields for the signed inner message (e.g. `In-Reply-To`), ASCII values. */
  headers?: Record<string, string>;
}

/** The sending practice's signing identity. */
export interface SenderKeys {
  /** The signing certificate (PEM), bound to the sender's Direct address. */
  certificatePem: string;
  /** Its RSA private key, PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). */
  privateKeyPem: string;
  /** Intermediate CA certificates (PEM) to include in the signature, so recipients can build the chain. */
  chainPem?: string[];
}

/** Algorithm choices for {@link sealMessage}. */
export interface SealOptions {
  /** RSA key transport: PKCS#1 v1.5 (default, what Direct peers decrypt) or RSA-OAEP (SHA-256). */
  keyTransport?: 'rsa-pkcs1' | 'rsa-oaep';
  /** Content encryption; AES-256-CBC by default. */
  contentEncryption?: 'aes-256-cbc' | 'aes-128-cbc';
}

/** A Direct address of ours with the certificate and key that receive its mail. */
export interface RecipientIdentity {
  /** The Direct address (addr-spec) messages to this identity are addressed to. */
  address: string;
  /** The encryption certificate (PEM) senders encrypt to. */
  certificatePem: string;
  /** Its RSA private key, PKCS#8 PEM. */
  privateKeyPem: string;
}

/** One leaf body part of an opened message (multiparts are flattened, in order). */
export interface ParsedPart {
  /** Media type in lower case, without parameters. */
  contentType: string;
  /** Content-Type parameters (lower-case names). */
  parameters: Record<string, string>;
  /** From `Content-Disposition: …; filename=` or else `Content-Type: …; name=`. */
  filename?: string;
  /** The content after transfer decoding. */
  body: Uint8Array;
  /** For `text/*` parts (and `message/*` reports), the body decoded with its charset. */
  text?: string;
}

/** A message that passed every check of {@link openMessage}. */
export interface OpenedMessage {
  /** The sender address, bound to the signer certificate. */
  from: string;
  /** The To and Cc addresses. */
  to: string[];
  /** As in the header, with angle brackets (`<id@host>`); empty when the message has none. */
  messageId: string;
  subject?: string;
  /** The `Date` header as written. */
  date?: string;
  /** The protected (signed) header fields by lower-case name; repeated fields joined with `, `. */
  headers: Map<string, string>;
  parts: ParsedPart[];
  /** The certificate (PEM) that signed the message. */
  signerCertificatePem: string;
  /** Which of our identities decrypted the message. */
  recipient: string;
}
