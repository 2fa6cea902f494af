import { Hono, type Context } from 'hono';
import { inboundProcessor } from '../../integrations/direct/flows/process-inbound';
import { receiveInbound } from '../../integrations/direct/flows/receive-inbound';
import type { DatabaseProvider } from '../../db/database';
import { ApiError } from '../api-error';
import type { AppEnv } from '../app-env';
import type { DirectServices } from './direct-services';

export interface InboundRouteDeps {
  direct: DirectServices;
  database: DatabaseProvider;
  /** Process each message right after answering (Node, Workers); off, the jobs or a test process them. */
  processInBackground: boolean;
}

/**
 * `POST /direct/inbound`: the HISP hands over one Direct message as `message/rfc822`. The raw
 * bytes are stored first, then the answer is 202 `{id}` — whatever the message turns out to be:
 * refusals are recorded on the message and told to its sender, never as an HTTP error.
 * The same message delivered twice is stored and processed once (202 with the first id).
 * @see https://wiki.directproject.org/w/images/e/e6/Applicability_Statement_for_Secure_Health_Transport_v1.2.pdf
 * @see https://www.rfc-editor.org/rfc/rfc2046#section-5.2.1
 */
export function directInboundRoutes(deps: InboundRouteDeps) {
  return new Hono<AppEnv>().post('/direct/inbound', async (c) => {
    const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (mediaType !== 'message/rfc822') {
      throw new ApiError(415, {
        error: 'unsupported_media_type',
        message: `Send the Direct message as message/rfc822${mediaType ? `, not ${mediaType}` : ''}.`,
      });
    }
    const raw = new Uint8Array(await c.req.arrayBuffer());
    if (!raw.length) throw new ApiError(400, { error: 'invalid_request', message: 'The request body is empty: send the message.' });
    const received = await receiveInbound(c.var.repositories, raw, deps.direct.runtime.clock.now());
    if (deps.processInBackground && !received.duplicate) {
      const db = deps.database.forRequest();
      const processor = inboundProcessor(db, deps.direct.runtime, deps.direct.intakeFor(db));
      afterResponse(c, processor.processMessage(received.id).then(() => undefined), deps.direct.runtime.logger, received.id);
    }
    return c.json({ id: received.id, duplicate: received.duplicate }, 202);
  });
}

/** Keeps `work` alive after the response: `waitUntil` on Workers; on Node the promise simply runs. */
function afterResponse(c: Context, work: Promise<void>, logger: DirectServices['runtime']['logger'], id: string): void {
  const guarded = work.catch((error: unknown) => {
    logger.error('direct.inbound.deferred', { messageRowId: id, error: error instanceof Error ? error.name : typeof error });
  });
  try {
    c.executionCtx.waitUntil(guarded);
  } catch {
    // No execution context outside Workers: the promise runs on its own.
  }
}
