import { drizzle } from 'drizzle-orm/postgres-js';
import type { ExecutionContext } from 'hono';
import postgres from 'postgres';
import { tokenAuthentication } from './api/auth/token-authentication';
import { fhirErrorResponse } from './api/error-handler';
import { createAuditBatchers } from './api/audit/audit-batchers';
import { directServices } from './api/direct/direct-services';
import { createApp } from './app';
import { ConfigError, parseConfig } from './config';
import type { Database, DatabaseProvider } from './db/database';
import * as schema from './db/schema';
import { FhirError, internalError } from './fhir/outcome';
import { runDirectJobs } from './jobs/direct-jobs';
import { runSubscriptionJobs } from './jobs/subscription-jobs';
import { subscriptionRuntime } from './integrations/subscriptions/subscription-runtime';
import { systemClock } from './lib/clock';
import { consoleLogger } from './lib/logger';

/**
 * Workers entry: bindings → config → deps → {@link createApp}, once per isolate; PostgreSQL is
 * reached through Hyperdrive with one postgres.js client per request.
 */

/**
 * The part of Cloudflare's Hyperdrive binding MetBridge uses. Declared here because `src/`
 * compiles without `@cloudflare/workers-types`.
 * @see https://developers.cloudflare.com/hyperdrive/examples/connect-to-postgres/
 */
interface HyperdriveBinding {
  readonly connectionString: string;
}

/** The Worker's bindings (wrangler.toml): the `HYPERDRIVE` binding and the variables of src/config.ts. */
export interface WorkerEnv {
  readonly HYPERDRIVE?: HyperdriveBinding;
  readonly [name: string]: unknown;
}

/** @see https://developers.cloudflare.com/workers/runtime-apis/handlers/scheduled/ */
interface ScheduledController {
  readonly cron: string;
  readonly scheduledTime: number;
}

type RequestHandler = (request: Request, ctx: ExecutionContext) => Response | Promise<Response>;

/**
 * Connections one request's client may open, within Workers' limit on a request's simultaneous
 * outgoing connections; Hyperdrive pools the real database connections behind them.
 * @see https://developers.cloudflare.com/workers/platform/limits/#simultaneous-open-connections
 */
const CONNECTIONS_PER_REQUEST = 5;

/**
 * The handler built for each env object the runtime hands us. workerd reuses one env object per
 * isolate, so config is parsed and the app built once per isolate, not once per request.
 */
const handlers = new WeakMap<WorkerEnv, RequestHandler>();

async function handleRequest(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
  let handler = handlers.get(env);
  if (!handler) {
    handler = buildHandler(env);
    handlers.set(env, handler);
  }
  return handler(request, ctx);
}

/**
 * The cron trigger (wrangler.toml `[triggers]`): one run of the Direct jobs — inbound messages
 * still waiting, due outbox entries, the processed-MDN timeout sweep — and of the subscription
 * jobs — due heartbeats, then notifications in order — kept alive with `waitUntil`. A misconfigured Worker logs and does nothing.
 * @see https://developers.cloudflare.com/workers/configuration/cron-triggers/
 */
async function handleCron(controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
  let run: Promise<unknown>;
  try {
    const config = parseConfig(env);
    const direct = directServices({ config, clock: systemClock, logger: consoleLogger });
    const db = hyperdriveDatabase(hyperdriveOf(env)).forRequest();
    const subscriptions = subscriptionRuntime({ config, clock: systemClock, logger: consoleLogger });
    run = Promise.all([
      runDirectJobs(db, direct.runtime, direct.intakeFor(db)).finally(() => direct.flushAudits()),
      runSubscriptionJobs(db, subscriptions),
    ]);
  } catch (error) {
    consoleLogger.error('direct.jobs.skipped', { cron: controller.cron, error: error instanceof Error ? error.name : typeof error });
    return;
  }
  ctx.waitUntil(
    run.then(
      () => undefined,
      (error: unknown) => consoleLogger.error('direct.jobs.failed', { cron: controller.cron, error: error instanceof Error ? error.name : typeof error }),
    ),
  );
}

/** The app over these bindings, or — when they are misconfigured — a handler that says so. */
function buildHandler(env: WorkerEnv): RequestHandler {
  try {
    const config = parseConfig(env);
    const database = hyperdriveDatabase(hyperdriveOf(env));
    // Keys and verified tokens are cached per isolate; the keys themselves live in PostgreSQL.
    const { authenticator, serverKeys } = tokenAuthentication({ config, clock: systemClock, database });
    // Each request has its own client, so each request's read audits are written as it ends.
    const auditBatchers = createAuditBatchers({ clock: systemClock, logger: consoleLogger, perRequest: true });
    const app = createApp({
      config,
      clock: systemClock,
      logger: consoleLogger,
      database,
      authenticator,
      serverKeys,
      auditBatchers,
      directInboundInBackground: true,
    });
    // The app reads no bindings: config and deps carry everything it needs.
    return (request, ctx) => app.fetch(request, undefined, ctx);
  } catch (error) {
    return startupFailure(error);
  }
}

/**
 * A fresh postgres.js client for every request: a Worker may not reuse a socket across requests,
 * and Hyperdrive already pools the connections to PostgreSQL. The client is never ended; the
 * runtime closes its sockets when the request finishes (on workerd, `sql.end()` also leaves an
 * unhandled rejection: porsager/postgres#1202). Type fetching is off: it costs a round trip on
 * every new client and only serves array columns, which the schema does not have.
 * @see https://developers.cloudflare.com/hyperdrive/examples/connect-to-postgres/postgres-drivers-and-libraries/postgres-js/
 */
function hyperdriveDatabase(hyperdrive: HyperdriveBinding): DatabaseProvider {
  return {
    forRequest(): Database {
      const client = postgres(hyperdrive.connectionString, { max: CONNECTIONS_PER_REQUEST, fetch_types: false });
      return drizzle({ client, schema });
    },
  };
}

function hyperdriveOf(env: WorkerEnv): HyperdriveBinding {
  const binding = env.HYPERDRIVE;
  if (typeof binding?.connectionString !== 'string') {
    throw new ConfigError('invalid configuration: HYPERDRIVE: expected a Hyperdrive binding (see wrangler.toml)');
  }
  return binding;
}

/**
 * Every request gets a 500 OperationOutcome: a configuration problem names the variable in one
 * line (secret values are never echoed, see src/config.ts); anything else stays generic.
 */
function startupFailure(error: unknown): RequestHandler {
  if (error instanceof ConfigError) {
    consoleLogger.error('worker.config.invalid', { message: error.message });
    const misconfigured = new FhirError(500, [{ code: 'exception', diagnostics: error.message }]);
    return () => fhirErrorResponse(misconfigured);
  }
  consoleLogger.error('worker.startup.failed', { error: error instanceof Error ? error.name : typeof error });
  return () => fhirErrorResponse(internalError());
}

export default { fetch: handleRequest, scheduled: handleCron };
