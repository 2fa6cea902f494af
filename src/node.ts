import { serve } from '@hono/node-server';
import { tokenAuthentication } from './api/auth/token-authentication';
import { createAuditBatchers } from './api/audit/audit-batchers';
import { directServices } from './api/direct/direct-services';
import { createApp } from './app';
import { ConfigError, parseConfig, type Config } from './config';
import { consoleLogger } from './lib/logger';
import { systemClock } from './lib/clock';
import { openPglite, openPostgres, redactUrl, type NodeDatabase } from './node/database';
import { describeStartupError } from './node/startup-error';
import { runDirectJobs } from './jobs/direct-jobs';
import { runSubscriptionJobs } from './jobs/subscription-jobs';
import { subscriptionRuntime } from './integrations/subscriptions/subscription-runtime';
import { startInterval } from './jobs/interval';

/**
 * Node entry: PGlite in DATA_DIR by default, PostgreSQL when DATABASE_URL is set. Migrations are
 * applied before the server listens; SIGTERM/SIGINT close the server, then the database.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config);
  const provider = { forRequest: () => database.db };
  const { authenticator, serverKeys } = tokenAuthentication({ config, clock: systemClock, database: provider });
  const auditBatchers = createAuditBatchers({ clock: systemClock, logger: consoleLogger });
  const app = createApp({
    config,
    clock: systemClock,
    logger: consoleLogger,
    database: provider,
    authenticator,
    serverKeys,
    auditBatchers,
    directInboundInBackground: true,
  });
  const direct = directServices({ config, clock: systemClock, logger: consoleLogger, auditBatchers });
  const stopDirectJobs = startInterval(
    'direct',
    config.directDispatchIntervalSeconds * 1000,
    () => runDirectJobs(database.db, direct.runtime, direct.intakeFor(database.db)),
    consoleLogger,
  );
  const subscriptions = subscriptionRuntime({ config, clock: systemClock, logger: consoleLogger });
  const stopSubscriptionJobs = startInterval(
    'subscriptions',
    config.subscriptionDispatchIntervalSeconds * 1000,
    () => runSubscriptionJobs(database.db, subscriptions),
    consoleLogger,
  );
  const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
    consoleLogger.info('server.listening', { port: info.port, database: database.description, publicUrl: config.publicUrl });
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    consoleLogger.info('server.stopping', { signal });
    server.close(() => {
      // Pending read audits are written before the database closes.
      Promise.all([stopDirectJobs(), stopSubscriptionJobs(), auditBatchers.flush()])
        .then(() => database.close())
        .then(
          () => process.exit(0),
          () => process.exit(1),
        );
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

function loadConfig(): Config {
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) exitWith(error.message);
    throw error;
  }
}

async function openDatabase(config: Config): Promise<NodeDatabase> {
  const where = config.databaseUrl ? `PostgreSQL at ${redactUrl(config.databaseUrl)}` : `the embedded database in ${config.dataDir}`;
  try {
    return config.databaseUrl ? await openPostgres(config.databaseUrl) : await openPglite(config.dataDir);
  } catch (error) {
    exitWith(`cannot open ${where}: ${describeStartupError(error)}`);
  }
}

function exitWith(message: string): never {
  process.stderr.write(`metbridge: ${message}\n`);
  process.exit(1);
}

main().catch((error: unknown) => exitWith(`start-up failed: ${describeStartupError(error)}`));
