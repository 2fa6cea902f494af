import { readFileSync, writeFileSync } from 'node:fs';
import type { DirectPki, TestParty } from './direct-pki';
import { openssl } from './openssl';

/** What `openssl cms` should make, field by field; every default is a valid Direct message. */
export interface OpensslMessageOptions {
  /** Who signs (default: the partner). */
  signer?: TestParty;
  /** The From address in the headers (default: the signer's address). */
  from?: string;
  /** The From address of the outer (unsigned) headers (default: `from`). */
  outerFrom?: string;
  /** The To addresses (default: the practice's address). */
  to?: string[];
  /** The certificate to encrypt to (default: the practice's). */
  recipientCertificatePath?: string;
  messageId?: string;
  subject?: string;
  /** The MIME body of the message (default: a text part and a FHIR Bundle attachment). */
  body?: { contentType: string; text: string };
  /** Sign the message/rfc822-wrapped message (default) or just the body with outer headers only. */
  wrap?: boolean;
  /** `openssl cms -encrypt` cipher option (default `-aes256`). */
  cipher?: '-aes256' | '-aes128' | '-des3' | '-aes-256-gcm';
  /** Signature digest (default `sha256`). */
  digest?: 'sha256' | 'sha384' | 'sha1';
  /** RSA key transport padding (default PKCS#1 v1.5). */
  keyTransport?: 'pkcs1' | 'oaep' | 'oaep-sha256';
  sign?: boolean;
  encrypt?: boolean;
  /** Encapsulate the content in the signature (`-nodetach`, smime-type=signed-data) instead of multipart/signed. */
  opaque?: boolean;
  /** Include the intermediate CA in the signature (default true). */
  includeIntermediate?: boolean;
  /** A PEM bundle to include in the signature instead of the intermediate CA. */
  certificateFilePath?: string;
  /** Rewrites the signed S/MIME entity before encryption (to tamper with it). */
  afterSigning?: (signed: string) => string;
}

const CRLF = '\r\n';

/** The default body: a referral note and a FHIR Bundle attachment. */
export const REFERRAL_BUNDLE = JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [] });

function defaultBody(): { contentType: string; text: string } {
  const boundary = 'referral-boundary-1';
  const text = [
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Please see the attached referral for exercise therapy.',
    `--${boundary}`,
    'Content-Type: application/fhir+json',
    'Content-Disposition: attachment; filename="referral.json"',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(REFERRAL_BUNDLE).toString('base64'),
    `--${boundary}--`,
    '',
  ].join(CRLF);
  return { contentType: `multipart/mixed; boundary="${boundary}"`, text };
}

/** A Direct message made entirely by `openssl cms`, as another HISP's security agent would send it. */
export function opensslMessage(pki: DirectPki, options: OpensslMessageOptions = {}): Uint8Array {
  const signer = options.signer ?? pki.partner;
  const from = options.from ?? signer.address;
  const to = options.to ?? [pki.practice.address];
  const messageId = options.messageId ?? `<${crypto.randomUUID()}@direct.clinic.example>`;
  const subject = options.subject ?? 'Referral for exercise therapy';
  const body = options.body ?? defaultBody();
  const wrap = options.wrap ?? true;
  const date = new Date().toUTCString().replace('GMT', '+0000');
  const name = crypto.randomUUID();
  const cwd = pki.dir;

  const headers = [`From: ${from}`, `To: ${to.join(', ')}`, `Subject: ${subject}`, `Message-ID: ${messageId}`, `Date: ${date}`];
  const entity = `MIME-Version: 1.0${CRLF}Content-Type: ${body.contentType}${CRLF}${CRLF}${body.text}`;
  const content = wrap
    ? `Content-Type: message/rfc822${CRLF}${CRLF}${headers.join(CRLF)}${CRLF}${entity}`
    : `Content-Type: ${body.contentType}${CRLF}${CRLF}${body.text}`;
  writeFileSync(pki.path(`${name}.content`), content);

  let payload = pki.path(`${name}.content`);
  if (options.sign ?? true) {
    const args = ['cms', '-sign', '-in', payload, '-signer', signer.certificatePath, '-inkey', signer.keyPath,
      '-md', options.digest ?? 'sha256', '-crlfeol', '-out', pki.path(`${name}.signed`)];
    if (options.certificateFilePath) args.push('-certfile', options.certificateFilePath);
    else if (options.includeIntermediate ?? true) args.push('-certfile', pki.intermediatePath);
    if (options.opaque) args.push('-nodetach');
    openssl(args, { cwd });
    payload = pki.path(`${name}.signed`);
    if (options.afterSigning) writeFileSync(payload, options.afterSigning(readFileSync(payload, 'latin1')), 'latin1');
  }
  if (!(options.encrypt ?? true)) {
    return Buffer.from(`${headers.join(CRLF)}${CRLF}${readFileSync(payload, 'latin1')}`, 'latin1');
  }
  const args = ['cms', '-encrypt', '-in', payload, options.cipher ?? '-aes256', '-recip', options.recipientCertificatePath ?? pki.practice.certificatePath];
  if (options.keyTransport === 'oaep') args.push('-keyopt', 'rsa_padding_mode:oaep');
  if (options.keyTransport === 'oaep-sha256') args.push('-keyopt', 'rsa_padding_mode:oaep', '-keyopt', 'rsa_oaep_md:sha256');
  args.push('-from', options.outerFrom ?? from, '-to', to.join(', '), '-subject', subject, '-crlfeol', '-out', pki.path(`${name}.encrypted`));
  openssl(args, { cwd });
  const extra = `Message-ID: ${messageId}${CRLF}Date: ${date}${CRLF}`;
  return Buffer.concat([Buffer.from(extra), readFileSync(pki.path(`${name}.encrypted`))]);
}

/** `openssl cms -decrypt` then `-verify -CAfile anchor`: the signed content as openssl sees it, or an exception. */
export function opensslOpen(pki: DirectPki, wire: Uint8Array, recipient: TestParty): { signedEntity: string; decrypted: string } {
  const name = crypto.randomUUID();
  writeFileSync(pki.path(`${name}.eml`), wire);
  openssl(['cms', '-decrypt', '-in', pki.path(`${name}.eml`), '-recip', recipient.certificatePath, '-inkey', recipient.keyPath,
    '-out', pki.path(`${name}.decrypted`)], { cwd: pki.dir });
  openssl(['cms', '-verify', '-in', pki.path(`${name}.decrypted`), '-CAfile', pki.anchorPath, '-out', pki.path(`${name}.verified`)], { cwd: pki.dir });
  return {
    decrypted: readFileSync(pki.path(`${name}.decrypted`), 'latin1'),
    signedEntity: readFileSync(pki.path(`${name}.verified`), 'latin1'),
  };
}

/** What `openssl cms -cmsout -print` says about the enveloped data of a wire message. */
export function opensslPrintEnvelope(pki: DirectPki, wire: Uint8Array): string {
  const name = crypto.randomUUID();
  writeFileSync(pki.path(`${name}.eml`), wire);
  return openssl(['cms', '-cmsout', '-print', '-in', pki.path(`${name}.eml`)], { cwd: pki.dir }).toString();
}
