/**
 * Why an inbound Direct message was refused. Each reason names the check that failed:
 * - `not-encrypted`: the message is not an S/MIME enveloped-data message.
 * - `undecryptable`: no key of ours opens it (wrong recipient certificate, corrupted key block,
 *   corrupted ciphertext: all alike, on purpose).
 * - `weak-algorithm`: content encryption other than AES-CBC/GCM, a SHA-1/MD5 digest or signature,
 *   an RSA key under 2048 bits, or an algorithm we do not implement.
 * - `not-signed`: the decrypted content carries no S/MIME signature.
 * - `bad-signature`: the signature or the message digest does not match the content.
 * - `untrusted-signer`: no chain from the signer certificate to a configured trust anchor.
 * - `certificate-expired`: a certificate of that chain is outside its validity at `now`.
 * - `sender-not-bound`: the signer certificate is not bound to the `From` address.
 * - `wrong-recipient`: the message is not addressed to any of our Direct addresses.
 * - `malformed`: the message or its MIME structure cannot be read.
 * @see https://www.healthit.gov/sites/default/files/directproject/Applicability%20Statement%20for%20Secure%20Health%20Transport%20v1.2.pdf (§ 2 and § 4)
 */
export type DirectRejectionReason =
  | 'not-encrypted'
  | 'undecryptable'
  | 'weak-algorithm'
  | 'not-signed'
  | 'bad-signature'
  | 'untrusted-signer'
  | 'certificate-expired'
  | 'sender-not-bound'
  | 'wrong-recipient'
  | 'malformed';

/**
 * The only error {@link openMessage} throws. `sender` and `messageId` come from the outer,
 * unauthenticated headers when they could be read, so that a failure notification can be
 * addressed; they are not proof of who sent the message.
 */
export class DirectRejection extends Error {
  override readonly name = 'DirectRejection';

  constructor(
    readonly reason: DirectRejectionReason,
    message: string,
    public sender?: string,
    public messageId?: string,
  ) {
    super(message);
  }
}
