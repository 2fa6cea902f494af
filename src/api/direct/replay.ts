import type { Context } from 'hono';
import { isUuid } from '../../lib/ids';
import { conflictError, notFoundError } from '../api-error';
import type { AppEnv } from '../app-env';

/**
 * `POST /admin/practices/{id}/messages/{messageId}/replay` (`messageId` = the message's row id):
 * an operator sends an outbound message again — the same bytes and Message-ID, with a fresh retry
 * horizon — or puts a rejected inbound message back in line for processing (after adding a trust
 * anchor, say). 202 with the message's new state; 409 when there is nothing to replay.
 */
export async function replayMessage(c: Context<AppEnv>, now: () => Date) {
  const practiceId = c.req.param('id') ?? '';
  const id = c.req.param('messageId') ?? '';
  const message = isUuid(practiceId) && isUuid(id) ? await c.var.repositories.direct.messages.findInPractice(practiceId, id) : undefined;
  if (!message) throw notFoundError(`There is no Direct message ${id} in practice ${practiceId}.`);

  if (message.direction === 'inbound') {
    if (message.state !== 'rejected') throw conflictError(`Only a rejected inbound message can be replayed; this one is ${message.state}.`);
    await c.var.repositories.transaction(async (tx) => {
      await tx.direct.messages.reopenInbound(message.id);
      await tx.audit.record({ practiceId, action: 'E', kind: 'direct.message.replay', outcome: 'success', agent: 'admin', entityId: message.id });
    });
    return c.json({ id: message.id, direction: message.direction, state: 'received' }, 202);
  }

  const entry = await c.var.repositories.direct.outbox.findByMessage(practiceId, message.id);
  if (!entry) throw notFoundError(`The Direct message ${id} has no outbox entry.`);
  if (entry.state === 'queued') throw conflictError('The message is already queued for sending.');
  const at = now();
  await c.var.repositories.transaction(async (tx) => {
    await tx.direct.outbox.requeue(entry.id, at);
    await tx.direct.messages.setState(message.id, 'queued', null);
    await tx.direct.deliveries.transition(message.id, { to: 'queued', from: ['failed', 'timed-out'], detail: 'replayed by an operator', at });
    await tx.audit.record({ practiceId, action: 'E', kind: 'direct.message.replay', outcome: 'success', agent: 'admin', entityId: message.id });
  });
  return c.json({ id: message.id, direction: message.direction, state: 'queued' }, 202);
}
