import type { DocumentReference } from '@medplum/fhirtypes';
import type { Context } from 'hono';
import { z } from 'zod';
import { MET_REFERRAL_OUTPUT_SYSTEM } from '../../fhir/mappers/referral-task';
import { referencedId } from '../../fhir/mappers/codings';
import { ApiError } from '../api-error';
import type { AppEnv } from '../app-env';
import { deliverySchema, readDelivery } from '../delivery/delivery-view';
import { auditRead, practiceStore, type Stored } from '../practice/practice-context';
import { defineRoute } from '../practice/practice-route';
import { readReferral } from './referral-store';

/**
 * The acknowledgement letter of an accepted referral, seen from the practice: where its delivery
 * to the referring physician stands, and its PDF — which is how a letter for the download/fax
 * channel leaves the practice, so the first download marks it `downloaded`.
 */

const acknowledgementSchema = z.object({
  documentReferenceId: z.uuid(),
  referralId: z.uuid(),
  date: z.string().optional(),
  pdf: z.string().describe('Where to download the letter (application/pdf).'),
  delivery: deliverySchema.optional(),
});

const touches = [
  { resourceType: 'Task', interaction: 'read' },
  { resourceType: 'DocumentReference', interaction: 'read' },
] as const;

/** The referral's acknowledgement DocumentReference; 404 before the referral was accepted. */
async function requireAcknowledgement(c: Context<AppEnv>): Promise<Stored<DocumentReference>> {
  const store = practiceStore(c);
  const task = await readReferral(store, c.req.param('id')!);
  const output = task.output?.find((candidate) => candidate.type?.coding?.some((coding) => coding.system === MET_REFERRAL_OUTPUT_SYSTEM));
  const id = referencedId(output?.valueReference, 'DocumentReference');
  const stored = id ? await store.read('DocumentReference', id) : undefined;
  if (!stored?.json) throw new ApiError(404, { error: 'not_found', message: `Referral ${task.id} has no acknowledgement letter; it is written on accept.` });
  return JSON.parse(stored.json) as Stored<DocumentReference>;
}

export const acknowledgementRoutes = [
  defineRoute({
    method: 'get',
    path: '/referrals/:id/acknowledgement',
    operationId: 'getReferralAcknowledgement',
    tag: 'Referrals',
    summary: 'The acknowledgement letter and its delivery',
    description: 'How the letter written on accept reaches the referring physician, as it stands now (for Direct: the state of the message as the relay and the physician’s MDNs report it).',
    response: { status: 200, description: 'The letter.', schema: acknowledgementSchema },
    errors: [404],
    touches,
    async handle(c) {
      const document = await requireAcknowledgement(c);
      await auditRead(c, 'practice.referral.acknowledgement.read', { type: 'DocumentReference', id: document.id });
      const delivery = await readDelivery(c.var.repositories, c.var.principal.practiceId, 'DocumentReference', document.id);
      const referralId = c.req.param('id')!;
      return c.json({
        documentReferenceId: document.id,
        referralId,
        ...(document.date ? { date: document.date } : {}),
        pdf: `/api/v1/referrals/${referralId}/acknowledgement/pdf`,
        ...(delivery ? { delivery } : {}),
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/referrals/:id/acknowledgement/pdf',
    operationId: 'getReferralAcknowledgementPdf',
    tag: 'Referrals',
    summary: 'Download the acknowledgement letter as PDF',
    description: 'For printing or faxing; the first download marks a letter of the download channel as downloaded.',
    response: { status: 200, description: 'The PDF document.', schema: z.string(), contentType: 'application/pdf' },
    errors: [404],
    touches,
    async handle(c, { deps }) {
      const document = await requireAcknowledgement(c);
      const attachment = document.content?.find((content) => content.attachment?.contentType === 'application/pdf')?.attachment;
      if (!attachment?.data) throw new ApiError(404, { error: 'not_found', message: `The acknowledgement letter ${document.id} has no PDF.` });
      await auditRead(c, 'practice.referral.acknowledgement.pdf', { type: 'DocumentReference', id: document.id });
      await c.var.repositories.documentDeliveries.markDownloaded(c.var.principal.practiceId, 'DocumentReference', document.id, deps.clock.now());
      return new Response(Uint8Array.from(atob(attachment.data), (char) => char.charCodeAt(0)), {
        status: 200,
        headers: {
          'Content-Type': 'application/pdf',
          'Content-Disposition': 'attachment; filename="referral-acknowledgement.pdf"',
          'Cache-Control': 'no-store',
        },
      });
    },
  }),
];
