import type { Config } from '../config';
import type { DatabaseProvider } from '../db/database';
import type { Repositories } from '../db/repositories';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/logger';
import type { AuditBatcher } from './audit/audit-batcher';
import type { AuditBatchers } from './audit/audit-batchers';
import type { RequestAudit } from './audit/request-audit';
import type { Authenticator, Principal } from './auth/principal';
import type { ServerKeyStore } from './auth/server-keys';

/** Everything the app needs from its runtime; each entry point (Node, Workers) builds one. */
export interface AppDeps {
  config: Config;
  clock: Clock;
  logger: Logger;
  database: DatabaseProvider;
  /** Establishes the caller of FHIR and practice-API requests; without one, every such request is refused. */
  authenticator?: Authenticator;
  /** The gateway's signing keys; pass the authenticator's store so both share one cache. */
  serverKeys?: ServerKeyStore;
  /** Outbound HTTP (client JWKS URLs); the runtime's fetch when absent, msw in tests. */
  fetch?: typeof fetch;
  /** Where the AuditEvents of reads wait for their batch; one process-wide set when absent. */
  auditBatchers?: AuditBatchers;
  /**
   * Process each inbound Direct message right after answering 202 (Node, Workers). Off (tests),
   * messages wait for the Direct jobs or an explicit `processPending()`.
   */
  directInboundInBackground?: boolean;
}

/** Hono's typing of what middleware puts on the context for handlers. */
export interface AppEnv {
  Variables: {
    repositories: Repositories;
    /** Set by requirePrincipal on authenticated routes. */
    principal: Principal;
    /** The batcher of the request's database handle, for AuditEvents of reads. */
    auditBatch: AuditBatcher;
    /** Set with the principal: the request's audit trail. */
    audit: RequestAudit;
  };
}
