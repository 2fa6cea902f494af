import { createApp, type App } from '../../src/app';
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
  close(): Promise<void>;
}

/** The real app over the suite's database (PGlite or PostgreSQL), driven with `app.request`. */
export async function createTestApp(
  env: Record<string, string> = { ADMIN_TOKEN: TEST_ADMIN_TOKEN },
  clock: Clock = systemClock,
): Promise<TestApp> {
  const database = await openTestDatabase();
  const logger = recordingLogger();
  const app = createApp({
    config: parseConfig(env),
    clock,
    logger,
    database: { forRequest: () => database.db },
  });
  return {
    app,
    db: database.db,
    repositories: createRepositories(database.db, clock),
    logs: logger.lines,
    close: () => database.close(),
  };
}

export function adminHeaders(token = TEST_ADMIN_TOKEN): Record<string, string> {
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
}
