import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import type { DirectServices } from './direct-services';
import { setDirectIdentity } from './direct-identity';
import { createPartner, listPartners } from './partners';
import { replayMessage } from './replay';
import { addTrustAnchor } from './trust-anchors';

/** The admin API's Direct routes (under `/admin`, behind the admin token). */
export function directAdminRoutes(direct: DirectServices) {
  const now = () => direct.runtime.clock.now();
  return new Hono<AppEnv>()
    .post('/trust-anchors', (c) => addTrustAnchor(c, now))
    .post('/practices/:id/direct-identity', (c) => setDirectIdentity(c, direct.runtime.vault, now))
    .post('/practices/:id/partners', (c) => createPartner(c, now))
    .get('/practices/:id/partners', (c) => listPartners(c))
    .post('/practices/:id/messages/:messageId/replay', (c) => replayMessage(c, now));
}
