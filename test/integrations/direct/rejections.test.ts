import * as asn1js from 'asn1js';
import { constants, createPublicKey, publicEncrypt } from 'node:crypto';
import { ContentInfo, EnvelopedData, KeyTransRecipientInfo } from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DirectRejection,
  openMessage,
  sealMessage,
  type DirectRejectionReason,
} from '../../../src/integrations/direct/security-agent';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDirectPki, identityOf, senderKeysOf, type DirectPki } from './support/direct-pki';
import { openssl } from './support/openssl';
import { opensslMessage } from './support/openssl-messages';

let pki: DirectPki;
beforeAll(() => {
  pki = createDirectPki();
});
afterAll(() => pki.cleanup());

async function rejectionOf(wire: Uint8Array, now = new Date()): Promise<DirectRejection> {
  try {
    await openMessage(wire, [identityOf(pki.practice)], [pki.anchorPem], now);
  } catch (error) {
    if (error instanceof DirectRejection) return error;
    throw new Error(`openMessage threw something other than a DirectRejection: ${String(error)}`);
  }
  throw new Error('the message was accepted');
}

async function expectRejected(wire: Uint8Array, reason: DirectRejectionReason, now?: Date): Promise<DirectRejection> {
  const rejection = await rejectionOf(wire, now);
  expect(rejection.reason, rejection.message).toBe(reason);
  return rejection;
}

/** Rebuilds a wire message with its first recipient's encrypted content key replaced. */
function withEncryptedKey(wire: Uint8Array, encryptedKey: Uint8Array): Uint8Array {
  const text = Buffer.from(wire).toString('latin1');
  const split = text.indexOf('\r\n\r\n');
  const der = Buffer.from(text.slice(split + 4), 'base64');
  const contentInfo = ContentInfo.fromBER(der);
  const enveloped = new EnvelopedData({ schema: contentInfo.content });
  (enveloped.recipientInfos[0]!.value as KeyTransRecipientInfo).encryptedKey = new asn1js.OctetString({ valueHex: encryptedKey });
  const rebuilt = new ContentInfo({ contentType: contentInfo.contentType, content: enveloped.toSchema() }).toSchema().toBER();
  const body = Buffer.from(rebuilt).toString('base64').replace(/(.{76})/g, '$1\r\n');
  return Buffer.from(`${text.slice(0, split)}\r\n\r\n${body}\r\n`, 'latin1');
}

/** RSA with no padding, by Node's OpenSSL: lets a test put any block under the practice's key. */
function rsaRaw(block: Uint8Array): Uint8Array {
  return publicEncrypt({ key: createPublicKey(pki.practice.certificatePem), padding: constants.RSA_NO_PADDING }, block);
}

function pkcs1Block(payload: Uint8Array, { type = 2, separator = true } = {}): Uint8Array {
  const block = new Uint8Array(256);
  block[1] = type;
  const paddingEnd = 256 - payload.length - 1;
  for (let i = 2; i < paddingEnd; i++) block[i] = 1 + (i % 255);
  block[paddingEnd] = separator ? 0 : 0x5a;
  block.set(payload, paddingEnd + 1);
  return block;
}

describe('Direct messages the security agent refuses, one attack each', () => {
  it('not-encrypted: a message that is only signed', async () => {
    await expectRejected(opensslMessage(pki, { encrypt: false }), 'not-encrypted');
  });

  it('not-encrypted: a plain RFC 5322 message', async () => {
    await expectRejected(Buffer.from('From: a@b.example\r\nTo: intake@direct.movewell.example\r\n\r\nhello\r\n'), 'not-encrypted');
  });

  it('not-signed: encrypted for us but without a signature', async () => {
    await expectRejected(opensslMessage(pki, { sign: false }), 'not-signed');
  });

  it('weak-algorithm: 3DES content encryption', async () => {
    await expectRejected(opensslMessage(pki, { cipher: '-des3' }), 'weak-algorithm');
  });

  it('weak-algorithm: a SHA-1 signature', async () => {
    await expectRejected(opensslMessage(pki, { digest: 'sha1' }), 'weak-algorithm');
  });

  it('weak-algorithm: a signer key of 1024 bits', async () => {
    await expectRejected(opensslMessage(pki, { signer: pki.weakPartner }), 'weak-algorithm');
  });

  it('bad-signature: the signed content changed after signing', async () => {
    const wire = opensslMessage(pki, { afterSigning: (signed) => signed.replace('Please see the attached referral', 'Please see the attached REFERRAL') });
    await expectRejected(wire, 'bad-signature');
  });

  it('bad-signature: the signed To header changed after signing', async () => {
    const wire = opensslMessage(pki, {
      afterSigning: (signed) => signed.replace(`To: ${pki.practice.address}`, 'To: intake@direct.movewell.exampla'),
    });
    await expectRejected(wire, 'bad-signature');
  });

  it('untrusted-signer: a certificate for the right address from a CA nobody configured', async () => {
    await expectRejected(opensslMessage(pki, { signer: pki.roguePartner }), 'untrusted-signer');
  });

  it('untrusted-signer: a trusted signer whose intermediate CA is missing', async () => {
    await expectRejected(opensslMessage(pki, { includeIntermediate: false }), 'untrusted-signer');
  });

  it('untrusted-signer: the issuing CA is trusted but only the rogue anchor is configured', async () => {
    const rejection = await openMessage(opensslMessage(pki), [identityOf(pki.practice)], [pki.rogueAnchorPem], new Date()).catch((error: unknown) => error);
    expect((rejection as DirectRejection).reason).toBe('untrusted-signer');
  });

  it('untrusted-signer, quickly: a message stuffed with self-issued look-alikes of the issuing CA', async () => {
    const lookAlikes: string[] = [];
    for (let serial = 1; serial <= 12; serial++) {
      const out = pki.path(`look-alike-${serial}.pem`);
      openssl(['req', '-x509', '-new', '-key', join(pki.dir, 'intermediate.key'), '-subj', '/O=MetBridge Test/CN=Test Direct Intermediate CA',
        '-set_serial', String(serial), '-days', '30', '-config', join(pki.dir, 'ext.cnf'), '-extensions', 'root', '-out', out], { cwd: pki.dir, env: { SAN: 'email:none@invalid' } });
      lookAlikes.push(readFileSync(out, 'utf8'));
    }
    writeFileSync(pki.path('look-alikes.pem'), lookAlikes.join(''));
    const started = Date.now();
    const rejection = await openMessage(opensslMessage(pki, { certificateFilePath: pki.path('look-alikes.pem') }), [identityOf(pki.practice)], [pki.rogueAnchorPem], new Date())
      .catch((error: unknown) => error);
    expect((rejection as DirectRejection).reason).toBe('untrusted-signer');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('untrusted-signer: a certificate whose key usage is encryption only', async () => {
    await expectRejected(opensslMessage(pki, { signer: pki.encryptionOnlyPartner }), 'untrusted-signer');
  });

  it('untrusted-signer: a certificate whose extended key usage is TLS server only', async () => {
    await expectRejected(opensslMessage(pki, { signer: pki.serverPartner }), 'untrusted-signer');
  });

  it('certificate-expired: a signer certificate that expired in 2021', async () => {
    await expectRejected(opensslMessage(pki, { signer: pki.expiredPartner }), 'certificate-expired');
  });

  it('certificate-expired: a valid certificate judged at a time after its validity', async () => {
    await expectRejected(opensslMessage(pki), 'certificate-expired', new Date('2040-01-01T00:00:00Z'));
  });

  it('sender-not-bound: From is an address the signer certificate does not name', async () => {
    await expectRejected(opensslMessage(pki, { from: 'dr.chen@direct.clinic.example' }), 'sender-not-bound');
  });

  it('sender-not-bound: an organizational certificate used for another domain', async () => {
    await expectRejected(opensslMessage(pki, { signer: pki.orgPartner, from: 'referrals@direct.elsewhere.example' }), 'sender-not-bound');
  });

  it('sender-not-bound: outer From differs from the signed From', async () => {
    await expectRejected(opensslMessage(pki, { outerFrom: 'dr.chen@direct.clinic.example' }), 'sender-not-bound');
  });

  it('wrong-recipient: encrypted to our certificate but addressed to someone else', async () => {
    await expectRejected(opensslMessage(pki, { to: ['billing@direct.movewell.example'] }), 'wrong-recipient');
  });

  it('malformed: bytes that are no message at all, and S/MIME whose body is not CMS', async () => {
    await expectRejected(crypto.getRandomValues(new Uint8Array(300)), 'malformed');
    const fake = 'From: a@b.example\r\nContent-Type: application/pkcs7-mime; smime-type=enveloped-data\r\nContent-Transfer-Encoding: base64\r\n\r\nbm90IGNtcw==\r\n';
    await expectRejected(Buffer.from(fake), 'malformed');
  });

  it('carries the outer sender and Message-ID on the rejection so a failure notice can be addressed', async () => {
    const rejection = await expectRejected(opensslMessage(pki, { cipher: '-des3', messageId: '<weak-1@direct.clinic.example>' }), 'weak-algorithm');
    expect(rejection.sender).toBe(pki.partner.address);
    expect(rejection.messageId).toBe('<weak-1@direct.clinic.example>');
  });
});

describe('undecryptable messages all fail alike (implicit rejection, no padding oracle)', () => {
  it('a message encrypted to another certificate', async () => {
    await expectRejected(opensslMessage(pki, { recipientCertificatePath: pki.partner.certificatePath }), 'undecryptable');
  });

  it('corrupted PKCS#1 v1.5 key blocks fail exactly like a wrong key', async () => {
    const valid = opensslMessage(pki);
    const wrongKey = await rejectionOf(opensslMessage(pki, { recipientCertificatePath: pki.colleague.certificatePath }));
    const key = crypto.getRandomValues(new Uint8Array(32));
    const corrupted = [
      rsaRaw(pkcs1Block(key.subarray(0, 24))),
      rsaRaw(pkcs1Block(key, { type: 1 })),
      rsaRaw(pkcs1Block(key, { separator: false })),
      rsaRaw(pkcs1Block(new Uint8Array(0))),
      crypto.getRandomValues(new Uint8Array(256)).map((byte, i) => (i === 0 ? 0 : byte)),
      new Uint8Array(200),
    ];
    for (const encryptedKey of corrupted) {
      const rejection = await rejectionOf(withEncryptedKey(valid, encryptedKey));
      expect({ reason: rejection.reason, message: rejection.message }).toEqual({ reason: wrongKey.reason, message: wrongKey.message });
    }
    expect(wrongKey.reason).toBe('undecryptable');
  });

  it('a corrupted RSA-OAEP key block fails like a wrong key too', async () => {
    const wrongKey = await rejectionOf(opensslMessage(pki, { keyTransport: 'oaep', recipientCertificatePath: pki.colleague.certificatePath }));
    const rejection = await rejectionOf(withEncryptedKey(opensslMessage(pki, { keyTransport: 'oaep' }), rsaRaw(pkcs1Block(new Uint8Array(32)))));
    expect({ reason: rejection.reason, message: rejection.message }).toEqual({ reason: 'undecryptable', message: wrongKey.message });
  });

  it('AES-GCM content whose authentication tag does not match', async () => {
    const wire = opensslMessage(pki, { cipher: '-aes-256-gcm' });
    const text = Buffer.from(wire).toString('latin1');
    const split = text.indexOf('\r\n\r\n');
    const der = Buffer.from(text.slice(split + 4), 'base64');
    der[der.length - 1] ^= 0x01;
    const body = der.toString('base64').replace(/(.{76})/g, '$1\r\n');
    await expectRejected(Buffer.from(`${text.slice(0, split)}\r\n\r\n${body}\r\n`, 'latin1'), 'undecryptable');
  });

  it('a well-formed block under our key with the right key opens (the corruption, not the rebuilding, is refused)', async () => {
    const wire = await sealMessage(
      { from: pki.partner.address, to: [pki.practice.address], subject: 's', messageId: 'x1@direct.clinic.example', date: new Date(), parts: [{ contentType: 'text/plain', body: 'hi' }] },
      senderKeysOf(pki.partner, pki),
      [pki.practice.certificatePem],
    );
    const text = Buffer.from(wire).toString('latin1');
    const der = Buffer.from(text.slice(text.indexOf('\r\n\r\n') + 4), 'base64');
    const enveloped = new EnvelopedData({ schema: ContentInfo.fromBER(der).content });
    const original = (enveloped.recipientInfos[0]!.value as KeyTransRecipientInfo).encryptedKey.valueBlock.valueHexView.slice();
    const opened = await openMessage(withEncryptedKey(wire, original), [identityOf(pki.practice)], [pki.anchorPem], new Date());
    expect(opened.parts[0]!.text).toBe('hi');
  });
});

describe('never anything but a DirectRejection for bad input', () => {
  it('survives truncation and byte flips of a valid message', async () => {
    const valid = opensslMessage(pki);
    const variants: Uint8Array[] = [];
    for (const length of [0, 10, 100, 400, valid.length - 200, valid.length - 3]) variants.push(valid.subarray(0, length));
    for (let i = 0; i < 12; i++) {
      const copy = valid.slice();
      const at = 300 + Math.floor(Math.random() * (copy.length - 300));
      copy[at] = copy[at]! ^ (1 + Math.floor(Math.random() * 255));
      variants.push(copy);
    }
    for (const variant of variants) {
      await openMessage(variant, [identityOf(pki.practice)], [pki.anchorPem], new Date()).then(
        () => undefined,
        (error: unknown) => expect(error).toBeInstanceOf(DirectRejection),
      );
    }
  });
});
