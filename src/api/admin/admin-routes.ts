import { Hono } from 'hono';
import type { Clock } from '../../lib/clock';
import type { AppEnv } from '../app-env';
import { directAdminRoutes } from '../direct/direct-admin-routes';
import type { DirectServices } from '../direct/direct-services';
import { createPractice } from './create-practice';
import { createUser } from './create-user';
import { requireAdminToken } from './require-admin-token';

/** The admin bootstrap API; mounted only when ADMIN_TOKEN is set. */
export function adminRoutes(adminToken: string, clock: Clock, direct: DirectServices) {
  const now = () => clock.now();
  return new Hono<AppEnv>()
    .use('*', requireAdminToken(adminToken))
    .post('/practices', (c) => createPractice(c, now))
    .post('/practices/:id/users', (c) => createUser(c, now))
    .route('/', directAdminRoutes(direct));
}
