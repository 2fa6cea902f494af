import type { Context } from 'hono';
import { z } from 'zod';
import type { DirectMessage } from '../../db/direct/message-repository';
import { DirectSendError, enqueueDirectMessage } from '../../integrations/direct/flows/enqueue-message';
import { decodeRaw } from '../../integrations/direct/store/raw-message';
import { isUuid } from '../../lib/ids';
import { ApiError } from '../api-error';
import type { AppEnv } from '../app-env';
import { actorRoleOf } from '../../fhir/validation/actor-role';
import { actorReference } from '../auth/principal';
import { defineRoute } from './practice-route';
import { text } from './schemas';

/**
 * Direct messages of the practice: send one to partners, and follow its delivery per recipient.
 *
 * A message is not a FHIR resource: it is stored in the Direct tables, never in the resource
 * store, so these routes declare no FHIR access (`touches: []`) and no SMART resource scope can
 * grant or deny them. What guards them is the role: only the practice itself — a signed-in
 * trainer, never a referrer's client — sends as the practice or reads its correspondence.
 */

/** 403 unless the caller acts for the practice. @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html#actors */
function requirePracticeRole(c: Context<AppEnv>): void {
  if (actorRoleOf(c.var.principal.actor) !== 'practice') {
    throw new ApiError(403, { error: 'forbidden', message: 'Only the practice sends and reads its Direct messages; this token acts for a referrer.' });
  }
}

const DIRECT_ADDRESS = 'Expected a Direct address (user@direct.example.org).';

const attachment = z.strictObject({
  contentType: z
    .string()
    .regex(/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/i, 'Expected a media type such as application/pdf.')
    .describe('e.g. application/pdf, application/fhir+json'),
  filename: text(200).optional(),
  data: z.base64('Expected the content in base64.').describe('The content, base64-encoded.'),
});

export const messageBody = z.strictObject({
  to: z.array(z.email(DIRECT_ADDRESS)).min(1, 'Name at least one recipient.').max(20).describe("Partners' Direct addresses."),
  from: z.email(DIRECT_ADDRESS).optional().describe("One of the practice's Direct addresses; its first one by default."),
  subject: text(200),
  text: text(20_000).describe('The plain-text summary: always the first part of the message.'),
  attachments: z.array(attachment).max(10).default([]).describe('Further parts, in order (e.g. the PDF, then the FHIR Bundle).'),
});

const recipientSchema = z.object({
  address: z.string(),
  state: z.enum(['queued', 'sent', 'processed', 'dispatched', 'failed', 'timed-out']),
  detail: z.string().nullable().describe('The MDN disposition, DSN action or failure that set the state.'),
  updatedAt: z.string(),
});

export const messageSchema = z.object({
  id: z.uuid(),
  messageId: z.string().nullable().describe('The RFC 5322 Message-ID, the same on every retry.'),
  direction: z.enum(['inbound', 'outbound']),
  kind: z.string().nullable().describe('message, mdn, dsn or failure-notice.'),
  from: z.string().nullable(),
  to: z.array(z.string()),
  subject: z.string().nullable(),
  state: z.string().describe('Inbound: received, processed, rejected. Outbound: queued, sent, failed.'),
  reason: z.string().nullable(),
  createdAt: z.string(),
  delivery: z
    .object({ attempts: z.number().int(), nextAttemptAt: z.string().nullable(), lastError: z.string().nullable() })
    .nullable()
    .describe('Outbound: the relay attempts so far.'),
  recipients: z.array(recipientSchema).describe('Outbound: where each recipient stands.'),
});

export const messageRoutes = [
  defineRoute({
    method: 'post',
    path: '/messages',
    operationId: 'sendMessage',
    tag: 'Messages',
    summary: 'Send a Direct message to partners',
    description: [
      'Queues a Direct message (S/MIME signed, then encrypted to each partner certificate) in the outbox; it is POSTed to',
      'the HISP relay with retries. The text is the first part, the attachments follow in order. Every recipient must be a',
      'partner of the practice with a certificate.',
    ].join(' '),
    body: messageBody,
    response: { status: 201, description: 'The queued message.', schema: messageSchema },
    errors: [400, 403, 415, 422],
    touches: [],
    async handle(c, { body, deps }) {
      requirePracticeRole(c);
      const principal = c.var.principal;
      const now = deps.clock.now();
      const queued = await c.var.repositories.transaction(async (tx) => {
        try {
          const enqueued = await enqueueDirectMessage(
            tx,
            {
              practiceId: principal.practiceId,
              ...(body.from ? { from: body.from } : {}),
              to: body.to,
              subject: body.subject,
              parts: [
                { contentType: 'text/plain; charset=utf-8', body: body.text },
                ...body.attachments.map((part) => ({
                  contentType: part.contentType,
                  body: decodeRaw(part.data),
                  ...(part.filename ? { filename: part.filename } : {}),
                })),
              ],
            },
            now,
          );
          await tx.audit.record({
            practiceId: principal.practiceId,
            action: 'C',
            kind: 'practice.message.send',
            outcome: 'success',
            agent: actorReference(principal.actor).reference ?? actorReference(principal.actor).display,
            entityType: 'DirectMessage',
            entityId: enqueued.id,
          });
          return enqueued;
        } catch (error) {
          if (error instanceof DirectSendError) {
            throw new ApiError(422, {
              error: 'invalid_request',
              message: 'The message cannot be sent; nothing was queued.',
              fields: [{ field: error.field, message: error.message }],
            });
          }
          throw error;
        }
      });
      return c.json(await messageView(c, queued.id), 201);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/messages/:id',
    operationId: 'getMessage',
    tag: 'Messages',
    summary: 'A Direct message and its delivery, per recipient',
    description: 'Outbound: queued → sent → processed → dispatched, or failed / timed-out, per recipient. Inbound: its processing state.',
    response: { status: 200, description: 'The message.', schema: messageSchema },
    errors: [403, 404],
    touches: [],
    async handle(c) {
      requirePracticeRole(c);
      return c.json(await messageView(c, c.req.param('id')!));
    },
  }),
];

async function messageView(c: Context<AppEnv>, id: string): Promise<z.infer<typeof messageSchema>> {
  const practiceId = c.var.principal.practiceId;
  const direct = c.var.repositories.direct;
  const message = isUuid(id) ? await direct.messages.findInPractice(practiceId, id) : undefined;
  if (!message) throw new ApiError(404, { error: 'not_found', message: `There is no Direct message ${id} in this practice.` });
  const entry = message.direction === 'outbound' ? await direct.outbox.findByMessage(practiceId, message.id) : undefined;
  const recipients = message.direction === 'outbound' ? await direct.deliveries.listForMessage(practiceId, message.id) : [];
  return {
    id: message.id,
    messageId: message.messageId,
    direction: message.direction,
    kind: message.kind,
    from: message.fromAddress,
    to: message.toAddresses,
    subject: subjectOf(message),
    state: message.state,
    reason: message.reason,
    createdAt: message.createdAt.toISOString(),
    delivery: entry
      ? {
          attempts: entry.attempts,
          nextAttemptAt: entry.state === 'queued' ? entry.nextAttemptAt.toISOString() : null,
          lastError: entry.lastError,
        }
      : null,
    recipients: recipients.map((recipient) => ({
      address: recipient.recipient,
      state: recipient.state,
      detail: recipient.detail,
      updatedAt: recipient.updatedAt.toISOString(),
    })),
  };
}

function subjectOf(message: DirectMessage): string | null {
  return message.content?.subject ?? null;
}
