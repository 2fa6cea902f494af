import { createAuditBatchers } from '../../src/api/audit/audit-batchers';
import { createApp, type App } from '../../src/app';
import { staticTokenAuthenticator, type Principal } from '../../src/api/auth/principal';
import { parseConfig } from '../../src/config';
import type { Database } from '../../src/db/database';
import { createRepositories, type Repositories } from '../../src/db/repositories';
import { systemClock, type Clock } from '../../src/lib/clock';
import { recordingLogger } from '../../src/lib/logger';
import { openTestDatabase } from './test-database';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestApp {
  app: App;
  db: Database;
  repositories: Repositories;
  logs: string[];
  /** Writes the AuditEvents of reads still waiting for their batch. */
  flushAudit(): Promise<void>;
  /** Registers a bearer token for `principal` and returns request headers that carry it. */
  authorize(principal: Principal): Record<string, string>;
  close(): Promise<void>;
}

/** The real app over the suite's database (PGlite or PostgreSQL), driven with `app.request`. */
export async function createTestApp(
  env: Record<string, string> = { ADMIN_TOKEN: TEST_ADMIN_TOKEN },
  clock: Clock = systemClock,
): Promise<TestApp> {
  const database = await openTestDatabase();
  const logger = recordingLogger();
  const tokens = new Map<string, Principal>();
  const auditBatchers = createAuditBatchers({ clock, logger });
  const app = createApp({
    config: parseConfig(env),
    clock,
    logger,
    database: { forRequest: () => database.db },
    authenticator: staticTokenAuthenticator(tokens),
    auditBatchers,
  });
  return {
    app,
    db: database.db,
    repositories: createRepositories(database.db, clock),
    logs: logger.lines,
    flushAudit: () => auditBatchers.flush(),
    authorize(principal) {
      const token = crypto.randomUUID();
      tokens.set(token, principal);
      return { authorization: `Bearer ${token}` };
    },
    close: () => database.close(),
  };
}

export function adminHeaders(token = TEST_ADMIN_TOKEN): Record<string, string> {
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
}

/** A system client of `practiceId` with every scope: the principal most FHIR tests act as. */
export function systemPrincipal(practiceId: string, clientId = 'test-ehr'): Principal {
  return { practiceId, actor: { kind: 'client', clientId }, scopes: ['system/*.cruds'] };
}
