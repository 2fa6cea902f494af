import type { MiddlewareHandler } from 'hono';
import { createRepositories } from '../../db/repositories';
import type { AuditBatchers } from '../audit/audit-batchers';
import type { AppDeps, AppEnv } from '../app-env';

/**
 * Builds the request's repositories once, over the database handle the runtime gives for it, with
 * the audit batcher of that handle. Where handles live for one request (Workers), the request's
 * pending AuditEvents are written as it ends, before its client goes away.
 */
export function repositoriesMiddleware(deps: AppDeps, auditBatchers: AuditBatchers): MiddlewareHandler<AppEnv> {
  return async function provideRepositories(c, next) {
    const db = deps.database.forRequest();
    c.set('repositories', createRepositories(db, deps.clock));
    const batcher = auditBatchers.forDatabase(db);
    c.set('auditBatch', batcher);
    await next();
    if (auditBatchers.perRequest) await flushAfterResponse(c, batcher.flush());
  };
}

/** `waitUntil` where the runtime offers it (Workers): the response is not held back by the write. */
async function flushAfterResponse(c: { executionCtx: { waitUntil(promise: Promise<unknown>): void } }, flushed: Promise<void>): Promise<void> {
  let executionContext: { waitUntil(promise: Promise<unknown>): void } | undefined;
  try {
    executionContext = c.executionCtx;
  } catch {
    executionContext = undefined;
  }
  if (executionContext) executionContext.waitUntil(flushed);
  else await flushed;
}
