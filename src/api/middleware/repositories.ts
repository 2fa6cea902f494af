import type { MiddlewareHandler } from 'hono';
import { createRepositories } from '../../db/repositories';
import type { AppDeps, AppEnv } from '../app-env';

/** Builds the request's repositories once, over the database handle the runtime gives for it. */
export function repositoriesMiddleware(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async function provideRepositories(c, next) {
    c.set('repositories', createRepositories(deps.database.forRequest(), deps.clock));
    await next();
  };
}
