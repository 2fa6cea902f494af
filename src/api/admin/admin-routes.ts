import { Hono } from 'hono';
import type { Clock } from '../../lib/clock';
import type { AppEnv } from '../app-env';
import { createPractice } from './create-practice';
import { createUser } from './create-user';
import { requireAdminToken } from './require-admin-token';

/** The admin bootstrap API; mounted only when ADMIN_TOKEN is set. */
export function adminRoutes(adminToken: string, clock: Clock) {
  const now = () => clock.now();
  return new Hono<AppEnv>()
    .use('*', requireAdminToken(adminToken))
    .post('/practices', (c) => createPractice(c, now))
    .post('/practices/:id/users', (c) => createUser(c, now));
}
