import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildMdn,
  DirectRejection,
  openMessage,
  parseDeliveryNotification,
  sealMessage,
  type OutboundMessage,
} from '../../src/integrations/direct/security-agent';
import { createWebCryptoPki, type WebCryptoParty } from '../integrations/direct/support/webcrypto-pki';

let anchorPem: string;
let practice: WebCryptoParty;
let partner: WebCryptoParty;

beforeAll(async () => {
  const pki = await createWebCryptoPki(['intake@direct.movewell.example', 'dr.lee@direct.clinic.example']);
  anchorPem = pki.anchorPem;
  [practice, partner] = pki.parties as [WebCryptoParty, WebCryptoParty];
});

function report(): OutboundMessage {
  return {
    from: practice.address,
    to: [partner.address],
    subject: 'Progress report',
    messageId: `${crypto.randomUUID()}@direct.movewell.example`,
    date: new Date(),
    parts: [
      { contentType: 'text/plain', body: 'Six weeks: walk distance 320 m → 400 m.' },
      { contentType: 'application/pdf', body: crypto.getRandomValues(new Uint8Array(50_000)), filename: 'report.pdf' },
    ],
  };
}

describe('the Direct security agent on workerd', () => {
  for (const keyTransport of ['rsa-pkcs1', 'rsa-oaep'] as const) {
    it(`seals and opens a message with ${keyTransport} key transport`, async () => {
      const message = report();
      const wire = await sealMessage(message, keysOf(practice), [partner.certificatePem], { keyTransport });
      const opened = await openMessage(wire, [partner], [anchorPem], new Date());
      expect(opened.from).toBe(practice.address);
      expect(opened.parts[0]!.text).toBe('Six weeks: walk distance 320 m → 400 m.');
      expect(opened.parts[1]!.body).toEqual(message.parts[1]!.body);
    });
  }

  it('answers with an MDN the original sender matches', async () => {
    const message = report();
    const opened = await openMessage(await sealMessage(message, keysOf(practice), [partner.certificatePem]), [partner], [anchorPem], new Date());
    const mdn = buildMdn(opened, 'processed', partner.address, `${crypto.randomUUID()}@direct.clinic.example`, new Date());
    const received = await openMessage(await sealMessage(mdn, keysOf(partner), [opened.signerCertificatePem]), [practice], [anchorPem], new Date());
    expect(parseDeliveryNotification(received)).toMatchObject({ kind: 'mdn', originalMessageId: `<${message.messageId}>`, disposition: 'processed' });
  });

  it('refuses a message encrypted for someone else as undecryptable', async () => {
    const wire = await sealMessage(report(), keysOf(practice), [practice.certificatePem]);
    const error = await openMessage(wire, [partner], [anchorPem], new Date()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DirectRejection);
    expect((error as DirectRejection).reason).toBe('undecryptable');
  });
});

function keysOf(party: WebCryptoParty) {
  return { certificatePem: party.certificatePem, privateKeyPem: party.privateKeyPem };
}
