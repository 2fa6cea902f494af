import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditBatchers } from '../../../src/api/audit/audit-batchers';
import { receiveReferral } from '../../../src/api/referrals/receive-referral';
import { systemClock } from '../../../src/lib/clock';
import { recordingLogger } from '../../../src/lib/logger';
import { pdfInfo, poppler, popplerMissing } from '../../documents/poppler';
import { createReferralTestKit, MRN_SYSTEM, referralBundle, referredPatient, type ReferralTestKit } from './referral-test-kit';

let kit: ReferralTestKit;
let taskId: string;
let accepted: { status: number; body: any };

beforeAll(async () => {
  kit = await createReferralTestKit();
  ({ taskId } = await kit.refer());
  const response = await kit.t.app.request(`/api/v1/referrals/${taskId}/accept`, { method: 'POST', headers: kit.headers });
  accepted = { status: response.status, body: await response.json() };
});
afterAll(() => kit.close());

const pdfOf = (document: any) => Uint8Array.from(atob(document.content[0].attachment.data), (char) => char.charCodeAt(0));

describe('the acknowledgement letter written on accept', () => {
  it('is a DocumentReference about the client, in the context of the referral, linked from the Task output', async () => {
    expect(accepted.status).toBe(200);
    const { documentReferenceId, delivery } = accepted.body.acknowledgement;
    expect(delivery).toEqual({ channel: 'fhir', state: 'available' });
    const task = await kit.fhir(`Task/${taskId}`);
    const document = await kit.fhir(`DocumentReference/${documentReferenceId}`);
    expect(document).toMatchObject({
      status: 'current',
      docStatus: 'final',
      type: { text: 'Referral acknowledgement letter' },
      subject: task.for,
      custodian: { reference: `Organization/${kit.organizationId}` },
      author: [{ reference: `Organization/${kit.organizationId}` }, { reference: `Practitioner/${kit.practitionerId}` }],
      context: { related: [task.focus, { reference: `Task/${taskId}` }] },
      content: [{ attachment: { contentType: 'application/pdf', title: 'Referral acknowledgement.pdf' } }],
    });
    const pdf = pdfOf(document);
    expect(document.content[0].attachment.size).toBe(pdf.byteLength);
    const sha1 = new Uint8Array(await crypto.subtle.digest('SHA-1', pdf));
    expect(document.content[0].attachment.hash).toBe(btoa(String.fromCharCode(...sha1)));
  });

  it('comes with its Provenance (the trainer who accepted) in the same transaction', async () => {
    const provenances = await kit.fhirSearch(`Provenance?target=DocumentReference/${accepted.body.acknowledgement.documentReferenceId}`);
    expect(provenances).toHaveLength(1);
    expect(provenances[0].agent[0].who.reference).toBe(`Practitioner/${kit.practitionerId}`);
  });

  it('is what the EHR finds with Task?_id=…&_include=Task:output', async () => {
    const response = await kit.ehr('GET', `Task?_id=${taskId}&_include=Task:output`);
    expect(response.status).toBe(200);
    const types = response.body.entry.map((entry: { resource: { resourceType: string }; search: { mode: string } }) => [entry.resource.resourceType, entry.search.mode]);
    expect(types).toEqual([['Task', 'match'], ['DocumentReference', 'include']]);
  });

  it.skipIf(popplerMissing.length > 0)('is a valid one-page PDF naming the physician, the client, the start and the practice (pdftotext)', async () => {
    const document = await kit.fhir(`DocumentReference/${accepted.body.acknowledgement.documentReferenceId}`);
    const pdf = pdfOf(document);
    expect(pdfInfo(pdf).get('Pages')).toBe('1');
    const text = poppler('pdftotext', pdf).replace(/\s+/g, ' ');
    expect(text).toContain('Dear Dr. Mei Chen,');
    expect(text).toContain('Thank you for referring Ana Rivera for supervised exercise program.');
    expect(text).toContain('Re: Ana Rivera (born 1958-04-12)');
    expect(text).toContain('the program starts on 2026-12-07 and runs until 2027-03-07');
    expect(text).toContain('hypertension as the reason');
    expect(text).toContain('Stride Medical Exercise');
    expect(text).toContain('progress report every 30 days');
    expect(text).toContain('Dana Okafor, Stride Medical Exercise');
  });

  it('waits for download or fax, visibly pending, when the referral came by Direct from nobody it can be answered to', async () => {
    const transaction = referralBundle(kit.organizationId, { patient: referredPatient({ identifier: [{ system: MRN_SYSTEM, value: 'ACK-D' }], name: [{ family: 'Bydirect', given: ['Ana'] }] }) }) as {
      entry: { fullUrl: string; resource: unknown }[];
    };
    const received = await kit.t.repositories.transaction((tx) =>
      receiveReferral(
        tx.resourcesOf(kit.practiceId),
        { id: kit.practiceId, organizationId: kit.organizationId },
        { resourceType: 'Bundle', type: 'collection', entry: transaction.entry.map(({ fullUrl, resource }) => ({ fullUrl, resource })) },
        { kind: 'client', clientId: 'direct:dr.chen@direct.clinic.example' },
        {
          baseUrl: 'http://localhost:8787/fhir',
          clock: systemClock,
          auditBatch: createAuditBatchers({ clock: systemClock, logger: recordingLogger() }).forDatabase(kit.t.db),
        },
      ),
    );
    const response = await kit.t.app.request(`/api/v1/referrals/${received.taskId}/accept`, { method: 'POST', headers: kit.headers });
    const body = await response.json();
    expect(body.acknowledgement.delivery).toEqual({ channel: 'download', state: 'pending' });
    const document = await kit.fhir(`DocumentReference/${body.acknowledgement.documentReferenceId}`);
    expect(document.extension).toEqual([{ url: 'https://fhir.metbridge.org/StructureDefinition/delivery-channel', valueCode: 'download' }]);
  });
});
