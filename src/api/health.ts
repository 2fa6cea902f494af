import { Hono } from 'hono';
import type { AppEnv } from './app-env';

/** `GET /healthz`: 200 once the database answers a query, 503 while it does not. */
export function healthRoutes() {
  return new Hono<AppEnv>().get('/healthz', async function health(c) {
    try {
      await c.var.repositories.ping();
      return c.json({ status: 'ok' });
    } catch {
      return c.json({ status: 'unavailable' }, 503, { 'Retry-After': '5' });
    }
  });
}
