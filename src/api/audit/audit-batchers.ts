import type { Database } from '../../db/database';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';
import { AuditBatcher, DEFAULT_AUDIT_BATCH_LIMITS, type AuditBatchLimits } from './audit-batcher';

/**
 * The audit batchers of an app, one per database handle. On Node every request shares one handle,
 * so one batcher serves the process. On Workers each request has its own client (`perRequest`):
 * its batcher is its own and is flushed as the request ends, before the client goes away.
 */
export interface AuditBatchers {
  readonly perRequest: boolean;
  forDatabase(db: Database): AuditBatcher;
  /** Writes everything pending in the shared batchers (tests; shutdown). */
  flush(): Promise<void>;
}

export interface AuditBatchersOptions {
  clock: Clock;
  logger: Logger;
  perRequest?: boolean;
  limits?: AuditBatchLimits;
}

export function createAuditBatchers(options: AuditBatchersOptions): AuditBatchers {
  const shared = new Map<Database, AuditBatcher>();
  const limits = options.limits ?? DEFAULT_AUDIT_BATCH_LIMITS;
  const perRequest = options.perRequest ?? false;
  return {
    perRequest,
    forDatabase(db) {
      if (perRequest) return new AuditBatcher(db, options.clock, options.logger, limits);
      let batcher = shared.get(db);
      if (!batcher) {
        batcher = new AuditBatcher(db, options.clock, options.logger, limits);
        shared.set(db, batcher);
      }
      return batcher;
    },
    async flush() {
      await Promise.all([...shared.values()].map((batcher) => batcher.flush()));
    },
  };
}
