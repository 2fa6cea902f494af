/**
 * One server of the FHIR benchmark, run as a child process: the real MetBridge app (composed as
 * `src/node.ts` composes it, with a static token map as its authenticator) or the bare Hono +
 * postgres.js baseline. Both listen on loopback with the same pool size; the parent passes a
 * {@link BenchServerOptions} as JSON in argv and learns over IPC when the server listens.
 */
import { serve } from '@hono/node-server';
import postgres from 'postgres';
import { createAuditBatchers } from '../src/api/audit/audit-batchers';
import { createApp } from '../src/app';
import { staticTokenAuthenticator, type Principal } from '../src/api/auth/principal';
import { parseConfig } from '../src/config';
import { systemClock } from '../src/lib/clock';
import { consoleLogger } from '../src/lib/logger';
import { openPostgres } from '../src/node/database';
import { bareFhirApp } from './bare-fhir-app';

export interface BenchServerOptions {
  kind: 'metbridge' | 'bare';
  databaseUrl: string;
  /** postgres.js connections; the same on both servers. */
  poolSize: number;
  practiceId: string;
  token: string;
  port: number;
}

export type ServerMessage = { kind: 'listening'; port: number } | { kind: 'failed'; message: string };

/** A system client of the practice with read access to everything: what an EHR's backend pull holds. */
function benchPrincipal(practiceId: string): Principal {
  return {
    practiceId,
    actor: { kind: 'client', clientId: 'metbridge-fhir-bench' },
    scopes: ['system/*.read', 'system/*.rs'],
  };
}

async function fetchHandler(options: BenchServerOptions): Promise<{ fetch: (request: Request) => Response | Promise<Response>; close(): Promise<void> }> {
  const publicUrl = `http://127.0.0.1:${options.port}`;
  if (options.kind === 'bare') {
    const pool = (connection: Record<string, string> = {}) =>
      postgres(options.databaseUrl, { max: options.poolSize, onnotice: () => {}, connect_timeout: 10, connection });
    const sql = pool();
    // postgres.js prepares every statement; PostgreSQL's generic plan of the search, chosen after
    // five executions, starts from the code index (every heart rate of the practice) and is tens
    // of times slower than a plan made with the patient's id. The search's pool plans each
    // execution; only one of the two pools is busy in any scenario.
    const searchSql = pool({ plan_cache_mode: 'force_custom_plan' });
    const app = bareFhirApp({ sql, searchSql }, { practiceId: options.practiceId, token: options.token, baseUrl: `${publicUrl}/fhir` });
    return {
      fetch: app.fetch,
      close: async () => {
        await Promise.all([sql.end({ timeout: 5 }), searchSql.end({ timeout: 5 })]);
      },
    };
  }
  const config = parseConfig({ PORT: String(options.port), PUBLIC_URL: publicUrl, DATABASE_URL: options.databaseUrl });
  const database = await openPostgres(options.databaseUrl, { max: options.poolSize });
  const auditBatchers = createAuditBatchers({ clock: systemClock, logger: consoleLogger });
  const app = createApp({
    config,
    clock: systemClock,
    logger: consoleLogger,
    auditBatchers,
    database: { forRequest: () => database.db },
    authenticator: staticTokenAuthenticator(new Map([[options.token, benchPrincipal(options.practiceId)]])),
  });
  // The read audits still pending are written before the database closes, as src/node.ts does.
  return { fetch: app.fetch, close: () => auditBatchers.flush().finally(() => database.close()) };
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as BenchServerOptions;
  const handler = await fetchHandler(options);
  const server = serve({ fetch: handler.fetch, port: options.port, hostname: '127.0.0.1' }, (info) =>
    send({ kind: 'listening', port: info.port }),
  );
  const stop = () => {
    server.close();
    handler.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 3_000).unref();
  };
  // Ctrl-C reaches the whole process group; the parent ends this server when it is done with it.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
}

function send(message: ServerMessage): void {
  process.send?.(message);
}

main().catch((error: unknown) => {
  send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
