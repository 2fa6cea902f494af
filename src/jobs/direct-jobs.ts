import type { Database } from '../db/database';
import { createRepositories } from '../db/repositories';
import { sweepTimedOutDeliveries } from '../integrations/direct/flows/delivery-tracking';
import { inboundProcessor } from '../integrations/direct/flows/process-inbound';
import type { ReferralIntake } from '../integrations/direct/flows/referral-intake';
import type { DirectRuntime } from '../integrations/direct/flows/direct-runtime';
import { dispatchDueMessages, type DispatchSummary } from '../integrations/direct/transport/dispatcher';

export interface DirectJobsSummary {
  inbound: { processed: number; rejected: number; skipped: number };
  outbound: DispatchSummary;
  timedOut: number;
}

/**
 * One run of the Direct jobs, as the Workers cron trigger and the Node interval start them:
 * process inbound messages still waiting (any the request-time processing missed), dispatch the
 * due outbox entries, then mark recipients that never sent a `processed` MDN as `timed-out`.
 * Each step is safe to run concurrently with another runner.
 */
export async function runDirectJobs(db: Database, runtime: DirectRuntime, intake: ReferralIntake): Promise<DirectJobsSummary> {
  const inbound = await inboundProcessor(db, runtime, intake).processPending();
  const repositories = createRepositories(db, runtime.clock);
  const outbound = await dispatchDueMessages(repositories, runtime);
  const timedOut = await sweepTimedOutDeliveries(repositories, runtime);
  return { inbound, outbound, timedOut };
}
