import type { Config } from '../../config';
import type { Database } from '../../db/database';
import { directRuntime, type DirectRuntime } from '../../integrations/direct/flows/direct-runtime';
import type { ReferralIntake } from '../../integrations/direct/flows/referral-intake';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';
import { createAuditBatchers, type AuditBatchers } from '../audit/audit-batchers';
import { directReferralIntake } from './referral-intake';

/** What the Direct routes and jobs run on: the runtime and the referral intake they feed. */
export interface DirectServices {
  runtime: DirectRuntime;
  /** The referral intake over one database handle, whose audit batcher takes its reads' AuditEvents. */
  intakeFor(db: Database): ReferralIntake;
  /** Writes the read audits the intake still holds (end of a cron run; shutdown). */
  flushAudits(): Promise<void>;
}

/** Built once per runtime by each composition root (app, Node interval, Workers cron). */
export function directServices(deps: {
  config: Config;
  clock: Clock;
  logger: Logger;
  fetch?: typeof fetch;
  auditBatchers?: AuditBatchers;
}): DirectServices {
  const batchers = deps.auditBatchers ?? createAuditBatchers({ clock: deps.clock, logger: deps.logger });
  return {
    runtime: directRuntime(deps),
    intakeFor: (db) => directReferralIntake({ publicUrl: deps.config.publicUrl, clock: deps.clock, auditBatch: batchers.forDatabase(db) }),
    flushAudits: () => batchers.flush(),
  };
}
