import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildMdn, openMessage, sealMessage, type MdnDisposition } from '../../../../src/integrations/direct/security-agent';
import { dispatchDueMessages } from '../../../../src/integrations/direct/transport/dispatcher';
import { identityOf, senderKeysOf } from '../support/direct-pki';
import { opensslMessage, opensslOpen } from '../support/openssl-messages';
import { createFlowsKit, RELAY_URL, type FlowsKit } from './flows-kit';
import { answersTo, pdfMessageBody } from './flows-messages';

/** What the relay accepted, by Message-ID. */
const accepted = new Map<string, Uint8Array>();
const server = setupServer(
  http.post(RELAY_URL, async ({ request }) => {
    const bytes = new Uint8Array(await request.arrayBuffer());
    const messageId = /^Message-ID: (.*)$/im.exec(new TextDecoder().decode(bytes.subarray(0, 4096)))?.[1]?.trim() ?? '';
    accepted.set(messageId, bytes);
    return new HttpResponse(null, { status: 202 });
  }),
);

let kit: FlowsKit;
let trainer: Record<string, string>;
beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'bypass' });
  kit = await createFlowsKit();
  trainer = kit.trainerHeaders();
}, 300_000);
afterAll(async () => {
  server.close();
  await kit?.close();
});

const view = async (id: string) => (await (await kit.t.app.request(`/api/v1/messages/${id}`, { headers: trainer })).json()) as any;

/** A progress report sent and accepted by the relay; returns its ids and the copy the partner received. */
async function sentReport() {
  const response = await kit.t.app.request('/api/v1/messages', {
    method: 'POST',
    headers: trainer,
    body: JSON.stringify({ to: [kit.pki.partner.address], subject: 'Progress report', text: 'Walk distance up 80 m.' }),
  });
  const body = (await response.json()) as any;
  await dispatchDueMessages(kit.t.repositories, kit.direct.runtime);
  return { id: body.id as string, messageId: body.messageId as string, copy: accepted.get(body.messageId)! };
}

/** The partner's security agent answers our message with an MDN, signed and encrypted back to us. */
async function partnerAnswers(copy: Uint8Array, disposition: MdnDisposition) {
  const opened = await openMessage(copy, [identityOf(kit.pki.partner)], [kit.pki.anchorPem], kit.clock.now());
  const mdn = buildMdn(opened, disposition, kit.pki.partner.address, `<${crypto.randomUUID()}@direct.clinic.example>`, kit.clock.now());
  const wire = await sealMessage(mdn, senderKeysOf(kit.pki.partner, kit.pki), [kit.pki.practice.certificatePem]);
  const { body } = await kit.deliver(wire);
  await kit.processor.processPending();
  return body.id as string;
}

// On a shared PostgreSQL database the dispatcher also seals and sends what other files queued.
vi.setConfig({ testTimeout: 120_000 });

describe('delivery tracking by MDN', () => {
  it('moves the recipient sent → processed → dispatched as the partner’s MDNs arrive, matched by Original-Message-ID', async () => {
    const report = await sentReport();
    expect(await view(report.id)).toMatchObject({ state: 'sent', recipients: [{ state: 'sent' }] });

    const mdnId = await partnerAnswers(report.copy, 'processed');
    expect(await view(report.id)).toMatchObject({ recipients: [{ state: 'processed', detail: 'mdn: processed' }] });
    expect(await kit.t.repositories.direct.messages.findById(mdnId)).toMatchObject({
      state: 'processed',
      kind: 'mdn',
      originalMessageId: report.messageId,
    });
    expect(await answersTo(kit.t.db, mdnId)).toEqual([]);

    await partnerAnswers(report.copy, 'dispatched');
    expect(await view(report.id)).toMatchObject({ recipients: [{ state: 'dispatched', detail: 'mdn: dispatched' }] });
    await partnerAnswers(report.copy, 'processed');
    expect((await view(report.id)).recipients[0].state).toBe('dispatched');
  });

  it('records a failed MDN as failed', async () => {
    const report = await sentReport();
    await partnerAnswers(report.copy, 'failed');
    expect(await view(report.id)).toMatchObject({ recipients: [{ state: 'failed', detail: 'mdn: failed' }] });
  });

  it('times out a recipient with no processed MDN within the hour; a late MDN still counts; MDNs themselves never time out', async () => {
    const report = await sentReport();
    kit.clock.advance(59 * 60_000);
    await kit.runJobs();
    expect((await view(report.id)).recipients[0].state).toBe('sent');
    kit.clock.advance(2 * 60_000);
    const summary = await kit.runJobs();
    expect(summary.timedOut).toBeGreaterThanOrEqual(1);
    expect(await view(report.id)).toMatchObject({ recipients: [{ state: 'timed-out', detail: 'no processed MDN within 3600 s' }] });

    await partnerAnswers(report.copy, 'processed');
    expect((await view(report.id)).recipients[0].state).toBe('processed');
  });
});

describe('MDNs MetBridge sends', () => {
  it('the processed MDN for an accepted message is sealed to the partner, and openssl reads it as such', async () => {
    const { body } = await kit.deliver(
      opensslMessage(kit.pki, { to: [kit.pki.practice.address], recipientCertificatePath: kit.pki.practice.certificatePath, body: pdfMessageBody() }),
    );
    await kit.processor.processPending();
    const [mdn] = await answersTo(kit.t.db, body.id);
    await dispatchDueMessages(kit.t.repositories, kit.direct.runtime);
    const opened = opensslOpen(kit.pki, accepted.get(mdn!.messageId!)!, kit.pki.partner);
    expect(opened.signedEntity).toContain('report-type=disposition-notification');
    expect(opened.signedEntity).toContain('Disposition: automatic-action/MDN-sent-automatically;processed');
    const original = await kit.t.repositories.direct.messages.findById(body.id);
    expect(opened.signedEntity).toContain(`Original-Message-ID: ${original!.messageId}`);

    kit.clock.advance(2 * 60 * 60_000);
    await kit.runJobs();
    expect((await view(mdn!.id)).recipients[0].state).toBe('sent');
  });
});

describe('operator replay of an inbound message', () => {
  it('a message rejected for an untrusted signer is processed once its CA becomes a trust anchor and it is replayed', async () => {
    const raw = opensslMessage(kit.pki, {
      signer: kit.pki.roguePartner,
      to: [kit.pki.practice.address],
      recipientCertificatePath: kit.pki.practice.certificatePath,
      body: pdfMessageBody(),
    });
    const { body } = await kit.deliver(raw);
    await kit.processor.processPending();
    expect((await view(body.id)).reason).toMatch(/^untrusted-signer/);
    expect((await kit.admin('POST', `/admin/practices/${kit.practiceId}/messages/${body.id}/replay`)).status).toBe(202);
    expect((await kit.admin('POST', '/admin/trust-anchors', { pem: kit.pki.rogueAnchorPem })).status).toBeLessThan(300);
    expect((await view(body.id)).state).toBe('received');
    await kit.processor.processPending();
    expect(await view(body.id)).toMatchObject({ state: 'processed', reason: null });
    expect((await kit.admin('POST', `/admin/practices/${kit.practiceId}/messages/${body.id}/replay`)).status).toBe(409);
  });
});
