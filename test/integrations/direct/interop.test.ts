import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildMdn,
  openMessage,
  parseDeliveryNotification,
  readEnvelope,
  sealMessage,
  type OutboundMessage,
} from '../../../src/integrations/direct/security-agent';
import { createDirectPki, identityOf, senderKeysOf, type DirectPki } from './support/direct-pki';
import { opensslMessage, opensslOpen, opensslPrintEnvelope, REFERRAL_BUNDLE } from './support/openssl-messages';

let pki: DirectPki;
beforeAll(() => {
  pki = createDirectPki();
});
afterAll(() => pki.cleanup());

const now = () => new Date();
const open = (wire: Uint8Array) => openMessage(wire, [identityOf(pki.practice)], [pki.anchorPem], now());

function progressReport(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    from: pki.practice.address,
    to: [pki.partner.address],
    subject: 'Progress report: 6-minute walk up 80 m',
    messageId: `${crypto.randomUUID()}@direct.movewell.example`,
    date: new Date(),
    parts: [
      { contentType: 'text/plain', body: 'Walk distance improved from 320 m to 400 m over six weeks.' },
      { contentType: 'application/pdf', body: Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) % 256), filename: 'report.pdf' },
      { contentType: 'application/fhir+json', body: REFERRAL_BUNDLE, filename: 'report.json' },
    ],
    ...overrides,
  };
}

describe('inbound: messages made by openssl cms open with MetBridge', () => {
  it('opens a wrapped message signed with SHA-256 and encrypted with AES-256-CBC and PKCS#1 v1.5 key transport', async () => {
    const messageId = '<referral-1@direct.clinic.example>';
    const opened = await open(opensslMessage(pki, { messageId }));
    expect(opened.from).toBe(pki.partner.address);
    expect(opened.to).toEqual([pki.practice.address]);
    expect(opened.messageId).toBe(messageId);
    expect(opened.subject).toBe('Referral for exercise therapy');
    expect(opened.recipient).toBe(pki.practice.address);
    expect(opened.parts.map((part) => part.contentType)).toEqual(['text/plain', 'application/fhir+json']);
    expect(opened.parts[0]!.text).toBe('Please see the attached referral for exercise therapy.');
    expect(opened.parts[1]!.filename).toBe('referral.json');
    expect(new TextDecoder().decode(opened.parts[1]!.body)).toBe(REFERRAL_BUNDLE);
    expect(opened.signerCertificatePem.replace(/\s/g, '')).toBe(pki.partner.certificatePem.replace(/\s/g, ''));
  });

  it('opens AES-128-CBC content encryption', async () => {
    const opened = await open(opensslMessage(pki, { cipher: '-aes128' }));
    expect(opened.from).toBe(pki.partner.address);
  });

  it('opens AES-256-GCM authenticated enveloped data', async () => {
    const wire = opensslMessage(pki, { cipher: '-aes-256-gcm' });
    expect(Buffer.from(wire).toString()).toContain('smime-type=authEnveloped-data');
    expect((await open(wire)).from).toBe(pki.partner.address);
  });

  it('opens RSA-OAEP key transport with the default SHA-1 parameters and with SHA-256', async () => {
    for (const keyTransport of ['oaep', 'oaep-sha256'] as const) {
      const wire = opensslMessage(pki, { keyTransport });
      expect(opensslPrintEnvelope(pki, wire)).toContain('rsaesOaep');
      expect((await open(wire)).from).toBe(pki.partner.address);
    }
  });

  it('opens a SHA-384 signature', async () => {
    expect((await open(opensslMessage(pki, { digest: 'sha384' }))).from).toBe(pki.partner.address);
  });

  it('opens an opaque-signed message (application/pkcs7-mime; smime-type=signed-data)', async () => {
    const opened = await open(opensslMessage(pki, { opaque: true }));
    expect(opened.from).toBe(pki.partner.address);
    expect(opened.parts).toHaveLength(2);
  });

  it('trusts a partner certificate configured directly as an anchor', async () => {
    const opened = await openMessage(opensslMessage(pki, { includeIntermediate: false }), [identityOf(pki.practice)], [pki.partner.certificatePem], now());
    expect(opened.from).toBe(pki.partner.address);
  });

  it('opens an unwrapped message, judging it by its outer headers', async () => {
    const opened = await open(opensslMessage(pki, { wrap: false }));
    expect(opened.from).toBe(pki.partner.address);
    expect(opened.parts).toHaveLength(2);
  });

  it('accepts an organizational certificate whose dNSName is the sender domain', async () => {
    const opened = await open(opensslMessage(pki, { signer: pki.orgPartner }));
    expect(opened.from).toBe('referrals@direct.lakeside.example');
  });

  it('accepts a certificate that names the address as the subject emailAddress', async () => {
    expect((await open(opensslMessage(pki, { signer: pki.subjectEmailPartner }))).from).toBe(pki.partner.address);
  });

  it('reads the outer envelope without any key', () => {
    const envelope = readEnvelope(opensslMessage(pki, { messageId: '<env-1@direct.clinic.example>' }));
    expect(envelope).toEqual({ from: pki.partner.address, to: [pki.practice.address], messageId: '<env-1@direct.clinic.example>' });
  });
});

describe('outbound: messages MetBridge seals decrypt and verify with openssl cms', () => {
  for (const [keyTransport, contentEncryption, printed] of [
    ['rsa-pkcs1', 'aes-256-cbc', 'rsaEncryption'],
    ['rsa-pkcs1', 'aes-128-cbc', 'rsaEncryption'],
    ['rsa-oaep', 'aes-256-cbc', 'rsaesOaep'],
  ] as const) {
    it(`${keyTransport} key transport, ${contentEncryption}`, async () => {
      const message = progressReport();
      const wire = await sealMessage(message, senderKeysOf(pki.practice, pki), [pki.partner.certificatePem], {
        keyTransport,
        contentEncryption,
      });
      const printedEnvelope = opensslPrintEnvelope(pki, wire);
      expect(printedEnvelope).toContain(printed);
      expect(printedEnvelope).toContain(contentEncryption === 'aes-256-cbc' ? 'aes-256-cbc' : 'aes-128-cbc');
      const { decrypted, signedEntity } = opensslOpen(pki, wire, pki.partner);
      expect(decrypted).toMatch(/^Content-Type: multipart\/signed; protocol="application\/pkcs7-signature"; micalg=sha-256;/);
      expect(signedEntity).toMatch(/^Content-Type: message\/rfc822\r\n\r\nFrom: intake@direct\.movewell\.example\r\n/);
      expect(signedEntity).toContain(`Message-ID: <${message.messageId}>`);
      expect(signedEntity).toContain('Disposition-Notification-Options: X-DIRECT-FINAL-DESTINATION-DELIVERY=optional,true');
      expect(signedEntity).toContain('Walk distance improved from 320 m to 400 m over six weeks.');
      expect(signedEntity).toContain(REFERRAL_BUNDLE);
    });
  }

  it('writes CRLF line ends only, and outer headers for the HISP', async () => {
    const wire = new TextDecoder().decode(await sealMessage(progressReport(), senderKeysOf(pki.practice, pki), [pki.partner.certificatePem]));
    expect(wire).not.toMatch(/[^\r]\n/);
    expect(wire).toMatch(/^From: intake@direct\.movewell\.example\r\nTo: dr\.lee@direct\.clinic\.example\r\n/);
    expect(wire).toContain('Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\r\n');
    expect(wire).toContain('Content-Transfer-Encoding: base64\r\n');
  });

  it('round-trips through MetBridge itself, bytes and non-ASCII names intact', async () => {
    const message = progressReport({ subject: 'Bericht über Übungen – Woche 6', parts: [
      { contentType: 'application/pdf', body: Uint8Array.from({ length: 50_000 }, (_, i) => (i * 31) % 256), filename: 'Übungsbericht.pdf' },
    ] });
    const wire = await sealMessage(message, senderKeysOf(pki.practice, pki), [pki.partner.certificatePem]);
    const opened = await openMessage(wire, [identityOf(pki.partner)], [pki.anchorPem], now());
    expect(opened.subject).toBe(message.subject);
    expect(opened.parts).toHaveLength(1);
    expect(opened.parts[0]!.filename).toBe('Übungsbericht.pdf');
    expect(opened.parts[0]!.body).toEqual(message.parts[0]!.body);
    expect(opened.headers.get('disposition-notification-options')).toBe('X-DIRECT-FINAL-DESTINATION-DELIVERY=optional,true');
  });

  it('encrypts for several recipients, each of whom can decrypt', async () => {
    const wire = await sealMessage(progressReport({ to: [pki.partner.address, pki.colleague.address] }), senderKeysOf(pki.practice, pki), [
      pki.partner.certificatePem,
      pki.colleague.certificatePem,
    ]);
    expect(opensslOpen(pki, wire, pki.partner).signedEntity).toContain('Walk distance');
    expect(opensslOpen(pki, wire, pki.colleague).signedEntity).toContain('Walk distance');
  });
});

describe('delivery notifications', () => {
  it('answers an openssl message with a processed MDN that openssl verifies and the sender matches to the original', async () => {
    const originalId = '<mdn-original@direct.clinic.example>';
    const opened = await open(opensslMessage(pki, { messageId: originalId }));
    const mdn = buildMdn(opened, 'processed', pki.practice.address, `${crypto.randomUUID()}@direct.movewell.example`, new Date());
    expect(mdn.to).toEqual([pki.partner.address]);
    const wire = await sealMessage(mdn, senderKeysOf(pki.practice, pki), [opened.signerCertificatePem]);

    const { signedEntity } = opensslOpen(pki, wire, pki.partner);
    expect(signedEntity).toContain('Content-Type: multipart/report; report-type=disposition-notification;');
    expect(signedEntity).toContain(`Original-Message-ID: ${originalId}`);
    expect(signedEntity).toContain('Disposition: automatic-action/MDN-sent-automatically;processed');

    const received = await openMessage(wire, [identityOf(pki.partner)], [pki.anchorPem], now());
    expect(parseDeliveryNotification(received)).toEqual({
      kind: 'mdn',
      originalMessageId: originalId,
      disposition: 'processed',
      recipient: pki.practice.address,
    });
  });

  it('reads dispatched and failed MDNs', async () => {
    const opened = await open(opensslMessage(pki, { messageId: '<mdn-2@direct.clinic.example>' }));
    for (const disposition of ['dispatched', 'failed'] as const) {
      const wire = await sealMessage(buildMdn(opened, disposition, pki.practice.address, `${crypto.randomUUID()}@x.example`, new Date()),
        senderKeysOf(pki.practice, pki), [pki.partner.certificatePem]);
      const received = await openMessage(wire, [identityOf(pki.partner)], [pki.anchorPem], now());
      expect(parseDeliveryNotification(received)?.disposition).toBe(disposition);
    }
  });

  it('reads an MDN and a DSN made by openssl', async () => {
    const mdnBody = [
      '--r1', 'Content-Type: text/plain', '', 'Processed.', '--r1', 'Content-Type: message/disposition-notification', '',
      'Reporting-UA: direct.movewell.example; other agent', 'Final-Recipient: rfc822; intake@direct.movewell.example',
      'Original-Message-ID: <sent-1@direct.movewell.example>', 'Disposition: automatic-action/MDN-sent-automatically; processed', '',
      '--r1--', '',
    ].join('\r\n');
    const dsnBody = [
      '--r2', 'Content-Type: text/plain', '', 'Delivery failed.', '--r2', 'Content-Type: message/delivery-status', '',
      'Reporting-MTA: dns; hisp.clinic.example', '', 'Final-Recipient: rfc822; nobody@direct.clinic.example', 'Action: failed',
      'Status: 5.1.1', '', '--r2', 'Content-Type: text/rfc822-headers', '', 'From: intake@direct.movewell.example',
      'Message-ID: <sent-2@direct.movewell.example>', '', '--r2--', '',
    ].join('\r\n');
    const mdn = await open(opensslMessage(pki, { body: { contentType: 'multipart/report; report-type=disposition-notification; boundary=r1', text: mdnBody } }));
    expect(parseDeliveryNotification(mdn)).toEqual({
      kind: 'mdn', originalMessageId: '<sent-1@direct.movewell.example>', disposition: 'processed', recipient: 'intake@direct.movewell.example',
    });
    const dsn = await open(opensslMessage(pki, { body: { contentType: 'multipart/report; report-type=delivery-status; boundary=r2', text: dsnBody } }));
    expect(parseDeliveryNotification(dsn)).toEqual({
      kind: 'dsn', originalMessageId: '<sent-2@direct.movewell.example>', disposition: 'failed', recipient: 'nobody@direct.clinic.example',
    });
  });

  it('is not a notification when the message is an ordinary one', async () => {
    expect(parseDeliveryNotification(await open(opensslMessage(pki)))).toBeUndefined();
  });
});
