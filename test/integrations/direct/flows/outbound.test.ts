import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dispatchDueMessages } from '../../../../src/integrations/direct/transport/dispatcher';
import type { DirectRuntime } from '../../../../src/integrations/direct/flows/direct-runtime';
import { directRuntime } from '../../../../src/integrations/direct/flows/direct-runtime';
import { parseConfig } from '../../../../src/config';
import { decodeRaw } from '../../../../src/integrations/direct/store/raw-message';
import { recordingLogger } from '../../../../src/lib/logger';
import { opensslOpen, opensslPrintEnvelope } from '../support/openssl-messages';
import { createFlowsKit, RELAY_URL, type FlowsKit } from './flows-kit';

/** The HISP relay: answers with the queued statuses (then 202), and keeps what it accepted. */
const relay = {
  statuses: [] as (number | 'hang')[],
  accepted: [] as { messageId: string; bytes: Uint8Array; contentType: string | null }[],
  attempts: [] as string[],
};
const server = setupServer(
  http.post(RELAY_URL, async ({ request }) => {
    const bytes = new Uint8Array(await request.arrayBuffer());
    const messageId = /^Message-ID: (.*)$/im.exec(new TextDecoder().decode(bytes.subarray(0, 4096)))?.[1]?.trim() ?? '';
    relay.attempts.push(messageId);
    const status = relay.statuses.shift() ?? 202;
    if (status === 'hang') {
      await delay(2_000);
      return new HttpResponse(null, { status: 202 });
    }
    if (status < 300) relay.accepted.push({ messageId, bytes, contentType: request.headers.get('content-type') });
    return new HttpResponse(null, { status });
  }),
);

let kit: FlowsKit;
let trainer: Record<string, string>;
beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'bypass' });
  kit = await createFlowsKit();
  trainer = kit.trainerHeaders();
}, 300_000);
afterEach(() => {
  relay.statuses = [];
});
afterAll(async () => {
  server.close();
  await kit.close();
});

const PDF = Buffer.from('%PDF-1.4\n% progress report\n%%EOF\n');
const BUNDLE = JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [] });

async function send(body: Record<string, unknown> = {}) {
  const response = await kit.t.app.request('/api/v1/messages', {
    method: 'POST',
    headers: trainer,
    body: JSON.stringify({
      to: [kit.pki.partner.address],
      subject: 'Progress report',
      text: 'Six-minute walk improved from 320 m to 400 m.',
      attachments: [
        { contentType: 'application/pdf', filename: 'progress.pdf', data: PDF.toString('base64') },
        { contentType: 'application/fhir+json', filename: 'progress.json', data: Buffer.from(BUNDLE).toString('base64') },
      ],
      ...body,
    }),
  });
  return { status: response.status, body: (await response.json()) as any };
}
const view = async (id: string) => (await (await kit.t.app.request(`/api/v1/messages/${id}`, { headers: trainer })).json()) as any;
const dispatch = (runtime: DirectRuntime = kit.direct.runtime) => dispatchDueMessages(kit.t.repositories, runtime);
const acceptedCopies = (messageId: string) => relay.accepted.filter((copy) => copy.messageId === messageId);
const attemptsOf = (messageId: string) => relay.attempts.filter((id) => id === messageId).length;
/** Moves the clock to the message's next attempt. */
async function untilNextAttempt(id: string) {
  const next = Date.parse((await view(id)).delivery.nextAttemptAt);
  kit.clock.advance(Math.max(0, next - kit.clock.now().getTime()));
}

describe('POST /api/v1/messages', () => {
  it('queues the message: summary first, then the PDF, then the FHIR Bundle; each recipient queued', async () => {
    const { status, body } = await send();
    expect(status).toBe(201);
    expect(body).toMatchObject({
      direction: 'outbound',
      kind: 'message',
      state: 'queued',
      from: kit.pki.practice.address,
      to: [kit.pki.partner.address],
      messageId: expect.stringMatching(/^<[0-9a-f-]+@direct\.movewell\.example>$/),
      recipients: [{ address: kit.pki.partner.address, state: 'queued', detail: null, updatedAt: expect.any(String) }],
    });
    await dispatch();
    const [copy] = acceptedCopies(body.messageId);
    expect(copy!.contentType).toBe('message/rfc822');
    const opened = opensslOpen(kit.pki, copy!.bytes, kit.pki.partner);
    const order = ['text/plain', 'application/pdf', 'application/fhir+json'].map((type) => opened.signedEntity.indexOf(`Content-Type: ${type}`));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(opened.signedEntity).toContain(PDF.toString('base64').slice(0, 20));
    expect(opensslPrintEnvelope(kit.pki, copy!.bytes)).toContain('rsaEncryption');
  });

  it('names every invalid field (400) and refuses recipients that are not partners with a certificate (422), queuing nothing', async () => {
    const invalid = await send({ to: ['nope'], subject: '', attachments: [{ contentType: 'pdf', data: '***' }] });
    expect(invalid.status).toBe(400);
    expect(invalid.body.fields.map((field: { field: string }) => field.field).sort()).toEqual(
      ['attachments.0.contentType', 'attachments.0.data', 'subject', 'to.0'].sort(),
    );
    const stranger = await send({ to: ['someone@direct.unknown.example'] });
    expect(stranger).toMatchObject({ status: 422, body: { fields: [{ field: 'to.0', message: expect.stringContaining('not a partner') }] } });
  });

  it('encrypts with RSA-OAEP for a partner configured for it, which openssl decrypts', async () => {
    await kit.admin('POST', `/admin/practices/${kit.practiceId}/partners`, {
      name: 'Dr. Park',
      address: kit.pki.colleague.address,
      certificate: kit.pki.colleague.certificatePem,
      keyTransport: 'rsa-oaep',
    });
    const { body } = await send({ to: [kit.pki.colleague.address] });
    await dispatch();
    const [copy] = acceptedCopies(body.messageId);
    expect(opensslPrintEnvelope(kit.pki, copy!.bytes)).toContain('rsaesOaep');
    expect(opensslOpen(kit.pki, copy!.bytes, kit.pki.colleague).signedEntity).toContain('Six-minute walk');
  });

  it('shows another practice’s message as not found', async () => {
    const { body } = await send();
    const other = await kit.admin('POST', '/admin/practices', { name: 'Elsewhere' });
    const outsider = kit.t.authorize({ practiceId: other.body.id, actor: { kind: 'user', userId: crypto.randomUUID(), practitionerId: crypto.randomUUID() }, scopes: ['user/*.cruds'] });
    expect((await kit.t.app.request(`/api/v1/messages/${body.id}`, { headers: outsider })).status).toBe(404);
  });
});

describe('the dispatcher', () => {
  it('leaves messages visibly queued while DIRECT_RELAY_URL is unset', async () => {
    const { body } = await send();
    const noRelay = directRuntime({ config: parseConfig({ ADMIN_TOKEN: 'x' }), clock: kit.clock, logger: recordingLogger() });
    expect(noRelay.relayUrl).toBeUndefined();
    expect(await dispatch({ ...kit.direct.runtime, relayUrl: undefined })).toMatchObject({ waiting: 'no-relay', sent: 0 });
    expect(await view(body.id)).toMatchObject({ state: 'queued', delivery: { attempts: 0 }, recipients: [{ state: 'queued' }] });
    await dispatch();
  });

  it('retries 5xx with growing, jittered delays, then delivers exactly one copy under the same Message-ID', async () => {
    const { body } = await send();
    relay.statuses = [500, 503];
    const start = kit.clock.now().getTime();
    await dispatch();
    const first = await view(body.id);
    expect(first).toMatchObject({ state: 'queued', delivery: { attempts: 1, lastError: 'relay answered 500' } });
    const firstDelay = Date.parse(first.delivery.nextAttemptAt) - start;
    expect(firstDelay).toBeGreaterThanOrEqual(30_000);
    expect(firstDelay).toBeLessThanOrEqual(60_000);

    await dispatch();
    expect((await view(body.id)).delivery.attempts).toBe(1);

    await untilNextAttempt(body.id);
    const secondStart = kit.clock.now().getTime();
    await dispatch();
    const second = await view(body.id);
    expect(second.delivery).toMatchObject({ attempts: 2, lastError: 'relay answered 503' });
    const secondDelay = Date.parse(second.delivery.nextAttemptAt) - secondStart;
    expect(secondDelay).toBeGreaterThanOrEqual(60_000);
    expect(secondDelay).toBeLessThanOrEqual(120_000);

    await untilNextAttempt(body.id);
    await dispatch();
    expect(await view(body.id)).toMatchObject({ state: 'sent', delivery: { attempts: 3, lastError: null }, recipients: [{ state: 'sent' }] });
    expect(attemptsOf(body.messageId)).toBe(3);
    expect(acceptedCopies(body.messageId)).toHaveLength(1);
    const stored = await kit.t.repositories.direct.messages.findById(body.id);
    expect(decodeRaw(stored!.raw!)).toEqual(acceptedCopies(body.messageId)[0]!.bytes);
  });

  it('counts a relay that does not answer in time as a failed attempt', async () => {
    const { body } = await send();
    relay.statuses = ['hang'];
    await dispatch({ ...kit.direct.runtime, relayTimeoutMs: 200 });
    expect(await view(body.id)).toMatchObject({ state: 'queued', delivery: { attempts: 1, lastError: 'no answer within 200 ms' } });
    await untilNextAttempt(body.id);
    await dispatch();
    expect((await view(body.id)).state).toBe('sent');
  });

  it('fails visibly when the relay refuses the message, or when retries run past the horizon', async () => {
    const refused = await send();
    relay.statuses = [400];
    await dispatch();
    expect(await view(refused.body.id)).toMatchObject({
      state: 'failed',
      reason: 'refused: relay answered 400',
      recipients: [{ state: 'failed', detail: 'refused: relay answered 400' }],
    });

    const doomed = await send();
    const shortHorizon = { ...kit.direct.runtime, retryHorizonMs: 5 * 60_000 };
    relay.statuses = Array(10).fill(503);
    for (let attempt = 0; attempt < 6 && (await view(doomed.body.id)).state === 'queued'; attempt++) {
      await dispatch(shortHorizon);
      if ((await view(doomed.body.id)).state === 'queued') await untilNextAttempt(doomed.body.id);
    }
    const failed = await view(doomed.body.id);
    expect(failed.state).toBe('failed');
    expect(failed.reason).toMatch(/^gave up after \d+ attempts: relay answered 503$/);
    expect(acceptedCopies(doomed.body.messageId)).toHaveLength(0);
  });

  it('replays a failed message on an operator’s request: same bytes, same Message-ID, a fresh horizon', async () => {
    const { body } = await send();
    relay.statuses = [400];
    await dispatch();
    expect((await view(body.id)).state).toBe('failed');
    const stored = await kit.t.repositories.direct.messages.findById(body.id);

    const replay = await kit.admin('POST', `/admin/practices/${kit.practiceId}/messages/${body.id}/replay`);
    expect(replay).toMatchObject({ status: 202, body: { id: body.id, direction: 'outbound', state: 'queued' } });
    expect(await view(body.id)).toMatchObject({ state: 'queued', recipients: [{ state: 'queued' }] });
    expect((await kit.admin('POST', `/admin/practices/${kit.practiceId}/messages/${body.id}/replay`)).status).toBe(409);

    await dispatch();
    expect((await view(body.id)).state).toBe('sent');
    expect(acceptedCopies(body.messageId)).toHaveLength(1);
    expect(acceptedCopies(body.messageId)[0]!.bytes).toEqual(decodeRaw(stored!.raw!));
    expect((await kit.admin('POST', `/admin/practices/${crypto.randomUUID()}/messages/${body.id}/replay`)).status).toBe(404);
  });

  it('logs ids and outcomes, never addresses or content', () => {
    const logged = kit.logs.join('\n');
    expect(logged).toContain('direct.dispatch');
    expect(logged).not.toContain(kit.pki.partner.address);
    expect(logged).not.toContain('Six-minute walk');
  });
});
