import type { Annotation } from '@medplum/fhirtypes';
import { z } from 'zod';
import { withProgress } from '../../fhir/mappers/referral-task';
import { practiceStore, trainerReference } from '../practice/practice-context';
import { defineRoute } from '../practice/practice-route';
import { text } from '../practice/schemas';
import { referralParts } from './referral-store';
import { changeReferral } from './referral-update';
import { referralSchema, referralView } from './referral-view';

/**
 * `POST /api/v1/referrals/{id}/notes`: interim progress the referrer sees on the Task — a note
 * (`Task.note`, with the trainer as author and the time) and, optionally, a new
 * `Task.businessStatus.text` ("intake assessment done", "8 of 12 sessions attended"). The status
 * does not change; a terminal referral can still be annotated, one the referrer cancelled cannot.
 * @see https://hl7.org/fhir/us/physical-activity/STU1/StructureDefinition-pa-task-for-referral-management.html
 */

const noteBody = z
  .strictObject({
    text: text(2000).optional().describe('The note; the referring physician can read it.'),
    businessStatus: text(200).optional().describe('Replaces Task.businessStatus.text (this also clears "needs triage").'),
  })
  .refine((body) => body.text !== undefined || body.businessStatus !== undefined, {
    message: 'Give a text, a businessStatus, or both.',
    path: ['text'],
  });

export const referralNoteRoute = defineRoute({
  method: 'post',
  path: '/referrals/:id/notes',
  operationId: 'addReferralProgress',
  tag: 'Referrals',
  summary: 'Add interim progress to a referral',
  description: 'Appends a note (author and time recorded) and/or sets the business status text, keeping the status.',
  body: noteBody,
  response: { status: 200, description: 'The referral after the change.', schema: referralSchema },
  errors: [400, 404, 409, 415],
  touches: [
    { resourceType: 'Task', interaction: 'read' },
    { resourceType: 'Task', interaction: 'update' },
  ],
  async handle(c, { body, deps }) {
    const principal = c.var.principal;
    const { task } = await changeReferral(c, c.req.param('id')!, async (current) => {
      const time = deps.clock.now().toISOString();
      const author = trainerReference(principal);
      const note: Annotation | undefined = body.text === undefined ? undefined : { ...(author ? { authorReference: author } : {}), time, text: body.text };
      return { task: { ...withProgress(current, note, body.businessStatus), lastModified: time }, result: undefined };
    });
    return c.json(referralView(task, await referralParts(practiceStore(c), [task])));
  },
});
