import { and, eq } from 'drizzle-orm';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directMessages } from '../../../src/db/schema/direct-messages';
import { parseEntity } from '../../../src/integrations/direct/mime/entity';
import { leafParts } from '../../../src/integrations/direct/mime/leaf-parts';
import { dispatchDueMessages } from '../../../src/integrations/direct/transport/dispatcher';
import { systemPrincipal } from '../../support/test-app';
import { opensslMessage, opensslOpen } from '../../integrations/direct/support/openssl-messages';
import { createFlowsKit, RELAY_URL, type FlowsKit } from '../../integrations/direct/flows/flows-kit';
import { referralMessageBody } from '../../integrations/direct/flows/flows-messages';
import { MRN_SYSTEM, NPI_SYSTEM, referralBundle, referredPatient } from '../referrals/referral-test-kit';

/**
 * Progress reports and acknowledgement letters reach the referring physician by the physician's
 * channel, over the real app, with msw as the HISP relay and openssl as the physician's Direct
 * security agent. The kit's practice has a Direct identity and Dr. Lee (NPI 1234567893) as a
 * partner with a certificate, preferring Direct.
 */

const relay = { accepted: new Map<string, Uint8Array>() };
const server = setupServer(
  http.post(RELAY_URL, async ({ request }) => {
    const bytes = new Uint8Array(await request.arrayBuffer());
    const messageId = /^Message-ID: (.*)$/im.exec(new TextDecoder().decode(bytes.subarray(0, 4096)))?.[1]?.trim() ?? '';
    relay.accepted.set(messageId, bytes);
    return new HttpResponse(null, { status: 202 });
  }),
);

const NPI = { lee: '1234567893', park: '1987654328', fhir: '1987654336', fax: '1987654344' };

let kit: FlowsKit;
let trainer: Record<string, string>;
let ehr: Record<string, string>;

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'bypass' });
  kit = await createFlowsKit();
  trainer = { ...trainerOf(kit.practiceId), 'content-type': 'application/json' };
  ehr = { ...kit.t.authorize(systemPrincipal(kit.practiceId, 'ehr')), 'content-type': 'application/fhir+json' };
  const partner = (body: Record<string, unknown>) => kit.admin('POST', `/admin/practices/${kit.practiceId}/partners`, body);
  await partner({ name: 'Dr. Park', npi: NPI.park, address: kit.pki.colleague.address });
  await partner({ name: 'Dr. Ibarra', npi: NPI.fhir, address: 'dr.ibarra@direct.ehr.example', preferredChannel: 'fhir' });
  await partner({ name: 'Dr. Novak', npi: NPI.fax, address: 'dr.novak@direct.ortho.example', preferredChannel: 'fax' });
}, 300_000);
afterAll(async () => {
  server.close();
  await kit?.close();
});

function trainerOf(practiceId: string) {
  return kit.t.authorize({ practiceId, actor: { kind: 'user', userId: crypto.randomUUID(), practitionerId: crypto.randomUUID() }, scopes: ['user/*.cruds'] });
}

async function api(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const response = await kit.t.app.request(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: response.status, body: (await response.json().catch(() => undefined)) as any };
}

/** A referral POSTed by the EHR for a client of its own, from the physician with `npi`. */
async function referByFhir(npi: string, headers = ehr, organizationId = kit.organizationId) {
  const mrn = `DLV-${crypto.randomUUID().slice(0, 8)}`;
  const bundle = referralBundle(organizationId, {
    patient: referredPatient({ identifier: [{ system: MRN_SYSTEM, value: mrn }], name: [{ use: 'official', family: 'Rivera', given: ['Ana'] }] }),
    practitioner: { identifier: [{ system: NPI_SYSTEM, value: npi }] },
  });
  const response = await api('POST', '/fhir', headers, bundle);
  if (response.status !== 200) throw new Error(`referral refused: ${JSON.stringify(response.body)}`);
  const idAt = (index: number) => /\/([^/]+)$/.exec(response.body.entry[index].fullUrl)![1]!;
  return { taskId: idAt(4), patientId: idAt(0) };
}

/** A referral Bundle Dr. Lee sends by Direct, from a Practitioner whose NPI is not on file: the sender is who it is matched by. */
async function referByDirect(signer = kit.pki.partner) {
  const bundle = referralBundle(kit.organizationId, {
    patient: referredPatient({ identifier: [{ system: MRN_SYSTEM, value: `DIR-${crypto.randomUUID().slice(0, 8)}` }] }),
  });
  const raw = opensslMessage(kit.pki, {
    signer,
    to: [kit.pki.practice.address],
    recipientCertificatePath: kit.pki.practice.certificatePath,
    body: referralMessageBody(bundle),
  });
  const { body } = await kit.deliver(raw);
  await kit.processor.processMessage(body.id);
  const row = await kit.t.repositories.direct.messages.findById(body.id);
  const task = row!.resources!.find((reference) => reference.startsWith('Task/'))!;
  const patient = row!.resources!.find((reference) => reference.startsWith('Patient/'))!;
  return { taskId: task.slice('Task/'.length), patientId: patient.slice('Patient/'.length) };
}

const accept = (taskId: string, headers = trainer) => api('POST', `/api/v1/referrals/${taskId}/accept`, headers);

function today() {
  return kit.clock.now().toISOString().slice(0, 10);
}
const report = (patientId: string, taskId: string | undefined, headers = trainer) =>
  api('POST', `/api/v1/clients/${patientId}/progress-reports`, headers, {
    period: { start: new Date(kit.clock.now().getTime() - 28 * 86_400_000).toISOString().slice(0, 10), end: today() },
    ...(taskId ? { referralId: taskId } : {}),
    narrative: 'Walking tolerance improved steadily; blood pressure stayed within the limits set.',
    nextSteps: 'Continue twice weekly; reassess the 6-minute walk in four weeks.',
  });

async function outboundCount(practiceId = kit.practiceId) {
  const rows = await kit.t.db
    .select({ id: directMessages.id })
    .from(directMessages)
    .where(and(eq(directMessages.practiceId, practiceId), eq(directMessages.direction, 'outbound')));
  return rows.length;
}

/** Dispatches what is due and returns the relay's copy of message row `id`, opened by openssl as its recipient would. */
async function sentCopy(id: string, recipient = kit.pki.partner) {
  await dispatchDueMessages(kit.t.repositories, kit.direct.runtime);
  const row = await kit.t.repositories.direct.messages.findById(id);
  const wire = relay.accepted.get(row!.messageId!);
  expect(wire, 'the relay received the message').toBeDefined();
  const { signedEntity } = opensslOpen(kit.pki, wire!, recipient);
  let entity = parseEntity(Buffer.from(signedEntity, 'latin1'));
  if (entity.contentType.value === 'message/rfc822') entity = parseEntity(leafParts(entity)[0]!.body);
  return { subject: /^Subject: (.*)$/im.exec(new TextDecoder().decode(entity.raw.subarray(0, 4096)))?.[1], parts: leafParts(entity) };
}

describe('the acknowledgement letter of a referral received by Direct', () => {
  it('is queued by Direct to the sender in the accept, and openssl reads the letter text, the PDF and the Bundle', async () => {
    const { taskId } = await referByDirect();
    const accepted = await accept(taskId);
    expect(accepted.status).toBe(200);
    const { delivery, documentReferenceId } = accepted.body.acknowledgement;
    expect(delivery).toEqual({ channel: 'direct', state: 'queued', to: kit.pki.partner.address, messageId: expect.any(String) });

    const message = await api('GET', `/api/v1/messages/${delivery.messageId}`, trainer);
    expect(message.body).toMatchObject({ direction: 'outbound', kind: 'message', to: [kit.pki.partner.address], recipients: [{ state: 'queued' }] });
    expect(message.body.subject).not.toContain('Rivera');

    const { parts } = await sentCopy(delivery.messageId);
    expect(parts.map((part) => part.contentType)).toEqual(['text/plain', 'application/pdf', 'application/fhir+json']);
    expect(parts[0]!.text).toContain('Thank you for referring Ana Rivera');
    expect(new TextDecoder().decode(parts[1]!.body.subarray(0, 5))).toBe('%PDF-');
    expect(parts[1]!.filename).toBe('referral-acknowledgement.pdf');
    const bundle = JSON.parse(new TextDecoder().decode(parts[2]!.body));
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(bundle.entry.map((entry: any) => `${entry.resource.resourceType}/${entry.resource.id}`)).toEqual([
      `DocumentReference/${documentReferenceId}`,
      `Task/${taskId}`,
    ]);
    expect(bundle.entry[1].resource.status).toBe('accepted');

    const view = await api('GET', `/api/v1/referrals/${taskId}/acknowledgement`, trainer);
    expect(view.body).toMatchObject({ documentReferenceId, delivery: { channel: 'direct', state: 'sent', messageId: delivery.messageId } });
  });

  it('goes to the certificate that signed the referral when the sender is a partner without a certificate on file', async () => {
    const { taskId } = await referByDirect(kit.pki.colleague);
    const { delivery } = (await accept(taskId)).body.acknowledgement;
    expect(delivery).toEqual({ channel: 'direct', state: 'queued', to: kit.pki.colleague.address, messageId: expect.any(String) });
    const message = await api('GET', `/api/v1/messages/${delivery.messageId}`, trainer);
    expect(message.body.from).toBe(kit.pki.practice.address);
    const { parts } = await sentCopy(delivery.messageId, kit.pki.colleague);
    expect(parts.map((part) => part.contentType)).toEqual(['text/plain', 'application/pdf', 'application/fhir+json']);
  });
});

describe('a progress report for a referral whose physician prefers Direct', () => {
  it('is sealed and POSTed to the relay: text/plain first, then application/pdf, then a FHIR Bundle with the DiagnosticReport', async () => {
    const { taskId, patientId } = await referByFhir(NPI.lee);
    expect((await accept(taskId)).body.acknowledgement.delivery).toMatchObject({ channel: 'direct', state: 'queued' });
    const day = (daysAgo: number) => new Date(kit.clock.now().getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);
    const recorded = [
      await api('POST', `/api/v1/clients/${patientId}/goals`, trainer, { term: 'short-term', measure: '6mwt', baseline: 300, target: 400, dueDate: day(-60), startDate: day(27) }),
      await api('POST', `/api/v1/clients/${patientId}/assessments`, trainer, { type: '6mwt', value: 310, unit: 'm', performedAt: day(26) }),
      await api('POST', `/api/v1/clients/${patientId}/assessments`, trainer, { type: '6mwt', value: 362, unit: 'm', performedAt: day(2) }),
    ];
    expect(recorded.map((response) => response.status)).toEqual([201, 201, 201]);
    const issued = await report(patientId, taskId);
    expect(issued.status).toBe(201);
    expect(issued.body.delivery).toEqual({ channel: 'direct', state: 'queued', to: kit.pki.partner.address, messageId: expect.any(String) });

    const { subject, parts } = await sentCopy(issued.body.delivery.messageId);
    expect(subject).toMatch(/^Interim exercise progress report for your referral/);
    expect(parts.map((part) => part.contentType)).toEqual(['text/plain', 'application/pdf', 'application/fhir+json']);
    const summary = parts[0]!.text!;
    expect(summary).toContain('Client: Ana Rivera (born 1958-04-12)');
    expect(summary).toContain('Attendance: ');
    expect(summary).toContain('Plan: Continue twice weekly');
    expect(parts[1]!.filename).toMatch(/^progress-report-\d{4}-\d{2}-\d{2}\.pdf$/);
    const bundle = JSON.parse(new TextDecoder().decode(parts[2]!.body));
    const types = bundle.entry.map((entry: any) => entry.resource.resourceType);
    expect(types[0]).toBe('DiagnosticReport');
    expect(bundle.entry[0].resource.id).toBe(issued.body.id);
    expect(types).toEqual(expect.arrayContaining(['Task', 'Patient']));
    expect(summary).toMatch(/6-minute walk|Walk/i);
    expect(summary).toContain('improving');
    expect(bundle.entry[0].resource.result).toHaveLength(2);
    expect(types.filter((type: string) => type === 'Observation')).toHaveLength(2);
    for (const result of bundle.entry[0].resource.result) {
      expect(bundle.entry.some((entry: any) => `Observation/${entry.resource.id}` === result.reference)).toBe(true);
    }
    expect(bundle.entry[0].fullUrl).toMatch(new RegExp(`/fhir/DiagnosticReport/${issued.body.id}$`));

    const read = await api('GET', `/api/v1/clients/${patientId}/progress-reports/${issued.body.id}`, trainer);
    expect(read.body.delivery).toMatchObject({ channel: 'direct', state: 'sent', messageId: issued.body.delivery.messageId });
    const listed = await api('GET', `/api/v1/clients/${patientId}/progress-reports`, trainer);
    expect(listed.body.items[0].delivery.state).toBe('sent');
  });

  it('is queued the same way when the trainer issues it with FHIR Task/{id}/$progress-report', async () => {
    const { taskId, patientId } = await referByFhir(NPI.lee);
    await accept(taskId);
    const fhirTrainer = { ...trainer, 'content-type': 'application/fhir+json' };
    const operation = await api('POST', `/fhir/Task/${taskId}/$progress-report`, fhirTrainer, {
      resourceType: 'Parameters',
      parameter: [
        { name: 'period', valuePeriod: { start: today(), end: today() } },
        { name: 'narrative', valueString: 'Tolerated the first sessions well.' },
        { name: 'nextSteps', valueString: 'Continue as planned.' },
      ],
    });
    expect(operation.status).toBe(200);
    const read = await api('GET', `/api/v1/clients/${patientId}/progress-reports/${operation.body.id}`, trainer);
    expect(read.body.delivery).toEqual({ channel: 'direct', state: 'queued', to: kit.pki.partner.address, messageId: expect.any(String) });
    const { parts } = await sentCopy(read.body.delivery.messageId);
    expect(parts.map((part) => part.contentType)).toEqual(['text/plain', 'application/pdf', 'application/fhir+json']);
  });

  it('records a failed delivery, with the reason, when the partner has no certificate; the report is still created', async () => {
    const { taskId, patientId } = await referByFhir(NPI.park);
    const accepted = await accept(taskId);
    expect(accepted.body.acknowledgement.delivery).toEqual({
      channel: 'direct',
      state: 'failed',
      to: kit.pki.colleague.address,
      reason: expect.stringContaining('has no certificate on file'),
    });
    const issued = await report(patientId, taskId);
    expect(issued.status).toBe(201);
    expect(issued.body.delivery).toMatchObject({ channel: 'direct', state: 'failed', reason: expect.stringContaining('no certificate') });
    expect(issued.body.referralStatus).toBe('accepted');
  });
});

describe('a practice without a Direct identity', () => {
  it('records the delivery as failed, saying why, and still stores the letter and the report', async () => {
    const practice = await kit.admin('POST', '/admin/practices', { name: 'No Direct Yet Exercise' });
    const practiceId = practice.body.id as string;
    await kit.admin('POST', `/admin/practices/${practiceId}/partners`, {
      name: 'Dr. Lee',
      npi: NPI.lee,
      address: kit.pki.partner.address,
      certificate: kit.pki.partner.certificatePem,
    });
    const otherEhr = { ...kit.t.authorize(systemPrincipal(practiceId, 'ehr')), 'content-type': 'application/fhir+json' };
    const otherTrainer = { ...trainerOf(practiceId), 'content-type': 'application/json' };
    const { taskId, patientId } = await referByFhir(NPI.lee, otherEhr, practice.body.organizationId);

    const accepted = await accept(taskId, otherTrainer);
    expect(accepted.status).toBe(200);
    expect(accepted.body.acknowledgement.delivery).toMatchObject({ channel: 'direct', state: 'failed', reason: expect.stringContaining('no Direct address') });
    const issued = await report(patientId, taskId, otherTrainer);
    expect(issued.status).toBe(201);
    expect(issued.body.delivery).toMatchObject({ channel: 'direct', state: 'failed', reason: expect.stringContaining('no Direct address') });
    expect((await api('GET', `/fhir/DiagnosticReport/${issued.body.id}`, otherEhr)).status).toBe(200);
    expect(await outboundCount(practiceId)).toBe(0);
  });
});

describe('a physician who prefers FHIR', () => {
  it('finds the letter and the report available on MetBridge, and nothing is queued', async () => {
    const { taskId, patientId } = await referByFhir(NPI.fhir);
    const before = await outboundCount();
    expect((await accept(taskId)).body.acknowledgement.delivery).toEqual({ channel: 'fhir', state: 'available' });
    const issued = await report(patientId, taskId);
    expect(issued.body.delivery).toEqual({ channel: 'fhir', state: 'available' });
    expect(await outboundCount()).toBe(before);
  });
});

describe('a physician who prefers fax', () => {
  it('keeps the letter and the report pending until their PDFs are downloaded', async () => {
    const { taskId, patientId } = await referByFhir(NPI.fax);
    const before = await outboundCount();
    expect((await accept(taskId)).body.acknowledgement.delivery).toEqual({ channel: 'download', state: 'pending' });
    const issued = await report(patientId, taskId);
    expect(issued.body.delivery).toEqual({ channel: 'download', state: 'pending' });
    expect(await outboundCount()).toBe(before);

    const pdf = await kit.t.app.request(`/api/v1/clients/${patientId}/progress-reports/${issued.body.id}/pdf`, { headers: trainer });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    await pdf.arrayBuffer();
    expect((await api('GET', `/api/v1/clients/${patientId}/progress-reports/${issued.body.id}`, trainer)).body.delivery).toEqual({ channel: 'download', state: 'downloaded' });

    expect((await api('GET', `/api/v1/referrals/${taskId}/acknowledgement`, trainer)).body.delivery).toEqual({ channel: 'download', state: 'pending' });
    const letter = await kit.t.app.request(`/api/v1/referrals/${taskId}/acknowledgement/pdf`, { headers: trainer });
    expect(new TextDecoder().decode(new Uint8Array(await letter.arrayBuffer()).subarray(0, 5))).toBe('%PDF-');
    expect((await api('GET', `/api/v1/referrals/${taskId}/acknowledgement`, trainer)).body.delivery).toEqual({ channel: 'download', state: 'downloaded' });
  });
});

describe('a business change that fails', () => {
  it('queues nothing: an illegal transition, a report on a referral not yet accepted', async () => {
    const { taskId, patientId } = await referByFhir(NPI.lee);
    const before = await outboundCount();
    const early = await report(patientId, taskId);
    expect(early.status).toBe(409);
    expect(await outboundCount()).toBe(before);
    expect((await accept(taskId)).status).toBe(200);
    const afterAccept = await outboundCount();
    expect(afterAccept).toBe(before + 1);
    expect((await accept(taskId)).status).toBe(409);
    expect((await api('POST', `/api/v1/referrals/${taskId}/decline`, trainer, { reason: 'Outside our scope.' })).status).toBe(409);
    expect(await outboundCount()).toBe(afterAccept);
  });

  it('a report without a referral waits for download', async () => {
    const { patientId } = await referByFhir(NPI.lee);
    const issued = await report(patientId, undefined);
    expect(issued.status).toBe(201);
    expect(issued.body.delivery).toEqual({ channel: 'download', state: 'pending' });
  });
});

describe('GET/POST /api/v1/messages', () => {
  it('belong to the practice: a referrer’s client is refused whatever its scopes', async () => {
    const message = await api('POST', '/api/v1/messages', { ...ehr, 'content-type': 'application/json' }, { to: [kit.pki.partner.address], subject: 'Hello', text: 'Hello.' });
    expect(message).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect((await api('GET', `/api/v1/messages/${crypto.randomUUID()}`, ehr)).status).toBe(403);
  });
});
