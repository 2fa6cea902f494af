/**
 * One server of the authentication benchmark, run as a child process: MetBridge composed as
 * `src/node.ts` composes it — signed access tokens verified by the real authenticator, the admin
 * API on for client registration — or the same app whose authenticator hands every request the
 * benchmark client's principal without looking at any credential. Everything else (routes,
 * store, pool, audit) is identical, so the difference between the two is what authentication
 * costs. The parent passes {@link AuthServerOptions} as JSON in argv.
 */
import { serve } from '@hono/node-server';
import { createApp } from '../src/app';
import type { Authenticator, Principal } from '../src/api/auth/principal';
import { tokenAuthentication } from '../src/api/auth/token-authentication';
import { parseConfig } from '../src/config';
import { systemClock } from '../src/lib/clock';
import { consoleLogger } from '../src/lib/logger';
import { openPostgres } from '../src/node/database';

export interface AuthServerOptions {
  kind: 'token' | 'open';
  databaseUrl: string;
  poolSize: number;
  port: number;
  adminToken: string;
  /** The principal the open server gives every request: the registered client's, with its scopes. */
  principal: Principal;
}

export type AuthServerMessage = { kind: 'listening'; port: number } | { kind: 'failed'; message: string };

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as AuthServerOptions;
  const config = parseConfig({
    PORT: String(options.port),
    PUBLIC_URL: `http://127.0.0.1:${options.port}`,
    DATABASE_URL: options.databaseUrl,
    ADMIN_TOKEN: options.adminToken,
  });
  const database = await openPostgres(options.databaseUrl, { max: options.poolSize });
  const provider = { forRequest: () => database.db };
  const open: Authenticator = { authenticate: async () => options.principal };
  const auth = options.kind === 'token' ? tokenAuthentication({ config, clock: systemClock, database: provider }) : undefined;
  const app = createApp({
    config,
    clock: systemClock,
    logger: consoleLogger,
    database: provider,
    authenticator: auth?.authenticator ?? open,
    ...(auth ? { serverKeys: auth.serverKeys } : {}),
  });
  const server = serve({ fetch: app.fetch, port: options.port, hostname: '127.0.0.1' }, (info) =>
    send({ kind: 'listening', port: info.port }),
  );
  const stop = () => {
    server.close();
    database.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 3_000).unref();
  };
  process.on('SIGINT', () => {});
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
}

function send(message: AuthServerMessage): void {
  process.send?.(message);
}

main().catch((error: unknown) => {
  send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
