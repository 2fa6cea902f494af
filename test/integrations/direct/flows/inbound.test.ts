import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referralBundle } from '../../../api/referrals/referral-test-kit';
import { decodeRaw, sha256Hex } from '../../../../src/integrations/direct/store/raw-message';
import { opensslMessage } from '../support/openssl-messages';
import { createFlowsKit, type FlowsKit } from './flows-kit';
import { answersTo, pdfMessageBody, referralMessageBody } from './flows-messages';

let kit: FlowsKit;
beforeAll(async () => {
  kit = await createFlowsKit();
}, 300_000);
afterAll(() => kit?.close());

const fromPartner = (options: Parameters<typeof opensslMessage>[1] = {}) =>
  opensslMessage(kit.pki, { to: [kit.pki.practice.address], recipientCertificatePath: kit.pki.practice.certificatePath, ...options });
const row = (id: string) => kit.t.repositories.direct.messages.findById(id);
const store = () => kit.t.repositories.resourcesOf(kit.practiceId);
const tasksFocusedOn = async (reference: string) =>
  (await store().search('Task', { clauses: [], count: 100 })).resources
    .map((stored) => JSON.parse(stored.json!))
    .filter((task) => task.focus?.reference === reference);

describe('POST /direct/inbound stores the message before anything else', () => {
  it('answers 202 with the id of the stored raw bytes and their SHA-256; processing comes after', async () => {
    const raw = fromPartner({ body: pdfMessageBody() });
    const response = await kit.deliver(raw);
    expect(response).toEqual({ status: 202, body: { id: expect.any(String), duplicate: false } });
    const stored = await row(response.body.id);
    expect(stored).toMatchObject({ direction: 'inbound', state: 'received', practiceId: kit.practiceId, fromAddress: kit.pki.partner.address });
    expect(decodeRaw(stored!.raw!)).toEqual(new Uint8Array(raw));
    expect(stored!.contentHash).toBe(await sha256Hex(raw));
    expect(stored!.resources).toBeNull();

    await kit.processor.processPending();
    expect(await row(response.body.id)).toMatchObject({ state: 'processed', kind: 'message', reason: null });
  });

  it('processes the same message delivered twice (same Message-ID and bytes) once', async () => {
    const raw = fromPartner({ body: pdfMessageBody() });
    const first = await kit.deliver(raw);
    const second = await kit.deliver(raw);
    expect(second).toEqual({ status: 202, body: { id: first.body.id, duplicate: true } });
    await kit.processor.processPending();
    await kit.deliver(raw);
    await kit.processor.processPending();
    const stored = await row(first.body.id);
    const tasks = await tasksFocusedOn(stored!.resources!.find((reference) => reference.startsWith('DocumentReference/'))!);
    expect(tasks).toHaveLength(1);
    expect(await answersTo(kit.t.db, first.body.id)).toHaveLength(1);
  });

  it('refuses another media type (415) and an empty body (400), storing nothing', async () => {
    expect((await kit.deliver(fromPartner(), 'application/octet-stream')).status).toBe(415);
    expect((await kit.deliver(new Uint8Array())).status).toBe(400);
  });

  it('keeps even garbage: 202, then rejected with its reason — never a 500', async () => {
    const response = await kit.deliver(new TextEncoder().encode('this is not a Direct message\r\n'));
    expect(response.status).toBe(202);
    await kit.processor.processMessage(response.body.id);
    expect(await row(response.body.id)).toMatchObject({ state: 'rejected', reason: expect.stringMatching(/^wrong-recipient/) });
  });
});

describe('what an accepted message becomes', () => {
  it('a FHIR referral Bundle becomes the PA Task requested of the practice, and a processed MDN is queued to the partner', async () => {
    const raw = fromPartner({ body: referralMessageBody(referralBundle(kit.organizationId)), cipher: '-aes128' });
    const { body } = await kit.deliver(raw);
    await kit.processor.processMessage(body.id);
    expect((await row(body.id))!.state).toBe('processed');

    const stored = await row(body.id);
    const taskRef = stored!.resources!.find((reference) => reference.startsWith('Task/'))!;
    const task = JSON.parse((await store().read('Task', taskRef.slice(5)))!.json!);
    expect(task).toMatchObject({ status: 'requested', owner: { reference: `Organization/${kit.organizationId}` } });
    expect(task.focus.reference).toMatch(/^ServiceRequest\//);
    expect(stored!.resources).toEqual(expect.arrayContaining([task.focus.reference, expect.stringMatching(/^Patient\//)]));

    const [mdn] = await answersTo(kit.t.db, body.id);
    expect(mdn).toMatchObject({
      direction: 'outbound',
      kind: 'mdn',
      state: 'queued',
      toAddresses: [kit.pki.partner.address],
      fromAddress: kit.pki.practice.address,
      originalMessageId: stored!.messageId,
      recipientCertificates: [kit.pki.partner.certificatePem.trim() + '\n'],
    });
  });

  it('a PDF-only referral becomes a DocumentReference and a Task "needs triage"', async () => {
    const { body } = await kit.deliver(fromPartner({ body: pdfMessageBody() }));
    await kit.processor.processMessage(body.id);
    const stored = await row(body.id);
    const documentRef = stored!.resources!.find((reference) => reference.startsWith('DocumentReference/'))!;
    const document = JSON.parse((await store().read('DocumentReference', documentRef.split('/')[1]!))!.json!);
    expect(document.content[0].attachment).toMatchObject({ contentType: 'application/pdf', title: 'referral-letter.pdf' });
    const [task] = await tasksFocusedOn(documentRef);
    expect(task).toMatchObject({ status: 'requested', intent: 'order', businessStatus: { text: 'needs triage' } });
    expect(task.owner.reference).toBe(`Organization/${kit.organizationId}`);
  });
});

describe('rejections are kept with their reason, and the sender is told when it can be', () => {
  it.each([
    ['unsigned', { sign: false }, 'not-signed', true],
    ['signed by a CA nobody trusts', { signer: 'roguePartner' }, 'untrusted-signer', true],
    ['tampered after signing', { afterSigning: (signed: string) => signed.replace('exercise therapy', 'exercise therapx') }, 'bad-signature', true],
    ['encrypted to the wrong certificate', { recipient: 'colleague' }, 'undecryptable', true],
    ['encrypted with 3DES', { cipher: '-des3' }, 'weak-algorithm', true],
    ['signed with SHA-1', { digest: 'sha1' }, 'weak-algorithm', true],
    ['not encrypted', { encrypt: false }, 'not-encrypted', true],
    ['from an address its certificate is not bound to (no partner there: nobody to tell)', { from: 'dr.nobody@direct.clinic.example' }, 'sender-not-bound', false],
  ] as const)('%s → rejected (%s)', async (_name, variant, reason, notified) => {
    const { signer, recipient, ...options } = variant as Record<string, unknown>;
    const raw = fromPartner({
      ...(options as Parameters<typeof opensslMessage>[1]),
      ...(signer ? { signer: kit.pki.roguePartner } : {}),
      ...(recipient ? { recipientCertificatePath: kit.pki.colleague.certificatePath } : {}),
    });
    const { status, body } = await kit.deliver(raw);
    expect(status).toBe(202);
    await kit.processor.processMessage(body.id);
    const stored = await row(body.id);
    expect(stored).toMatchObject({ state: 'rejected', practiceId: kit.practiceId, resources: null });
    expect(stored!.reason).toMatch(new RegExp(`^${reason}: `));
    expect(decodeRaw(stored!.raw!)).toEqual(new Uint8Array(raw));
    const answers = await answersTo(kit.t.db, body.id);
    if (notified) {
      expect(answers).toEqual([
        expect.objectContaining({ kind: 'failure-notice', toAddresses: [kit.pki.partner.address], originalMessageId: stored!.messageId }),
      ]);
    } else {
      expect(answers).toEqual([]);
    }
  });

  it('a referral Bundle intake refuses is rejected with nothing of it stored, and a failed MDN goes to the verified sender', async () => {
    const bundle = referralBundle(kit.organizationId);
    (bundle.entry as unknown[]).pop();
    const { body } = await kit.deliver(fromPartner({ body: referralMessageBody(bundle) }));
    await kit.processor.processMessage(body.id);
    const stored = await row(body.id);
    expect(stored!.reason).toMatch(/^invalid-referral: .*exactly one Task/);
    expect(stored!.resources).toBeNull();
    const [notice] = await answersTo(kit.t.db, body.id);
    expect(notice).toMatchObject({ kind: 'failure-notice', toAddresses: [kit.pki.partner.address] });
    expect(notice!.content!.parts.map((part) => part.contentType)).toEqual(['text/plain', 'message/disposition-notification']);
    expect(notice!.content!.parts[1]!.bodyText).toContain('Disposition: automatic-action/MDN-sent-automatically;failed');
  });

  it('a message for an address of no practice is kept, rejected, with no practice and nobody to tell', async () => {
    const raw = fromPartner({ to: ['someone@direct.elsewhere.example'] });
    const { body } = await kit.deliver(raw);
    await kit.processor.processMessage(body.id);
    expect(await row(body.id)).toMatchObject({ state: 'rejected', practiceId: null, reason: expect.stringMatching(/^wrong-recipient/) });
    expect(await answersTo(kit.t.db, body.id)).toEqual([]);
  });

  it('logs ids and outcomes only: no addresses, subjects or message content', () => {
    const logged = kit.logs.join('\n');
    expect(logged).toContain('direct.inbound.processed');
    expect(logged).not.toContain(kit.pki.partner.address);
    expect(logged).not.toContain('exercise therapy');
  });
});
