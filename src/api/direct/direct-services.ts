import type { Config } from '../../config';
import { directRuntime, type DirectRuntime } from '../../integrations/direct/flows/direct-runtime';
import type { ReferralIntake } from '../../integrations/direct/flows/referral-intake';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';
import { directReferralIntake } from './referral-intake';

/** What the Direct routes and jobs run on: the runtime and the referral intake they feed. */
export interface DirectServices {
  runtime: DirectRuntime;
  intake: ReferralIntake;
}

/** Built once per runtime by each composition root (app, Node interval, Workers cron). */
export function directServices(deps: { config: Config; clock: Clock; logger: Logger; fetch?: typeof fetch }): DirectServices {
  return {
    runtime: directRuntime(deps),
    intake: directReferralIntake({ publicUrl: deps.config.publicUrl, clock: deps.clock }),
  };
}
