import type { Context } from 'hono';
import { routePath } from 'hono/route';
import type { RestInteraction } from '../../fhir/audit-event';
import { isUuid } from '../../lib/ids';
import type { AppEnv } from '../app-env';
import type { AccessFacts } from './request-audit';

/**
 * Practice-API requests in AuditEvents: the FHIR interaction the route performs, the client
 * (Patient) named in the path, and the route as the query — `operation METHOD template`, which
 * holds no request values (ids appear only as the Patient entity).
 */

const INTERACTIONS: Record<'read' | 'search' | 'create' | 'update', RestInteraction> = {
  read: 'read',
  search: 'search-type',
  create: 'create',
  update: 'update',
};

interface AuditedRoute {
  operationId: string;
  touches: readonly { resourceType: string; interaction: keyof typeof INTERACTIONS }[];
}

/** What a practice-API route is about to do, noted before it runs so that a refusal is audited with it. */
export function practiceAttempt(c: Context<AppEnv>, route: AuditedRoute): AccessFacts {
  const [first] = route.touches;
  return {
    interaction: first ? INTERACTIONS[first.interaction] : 'operation',
    ...(first ? { resourceType: first.resourceType } : {}),
    ...clientOf(c),
    query: [],
    path: `${route.operationId} ${c.req.method} ${routePath(c)}`,
  };
}

/** A practice-API read of `entity` (a client's records, or the client list). */
export function practiceAccess(c: Context<AppEnv>, kind: string, entity: { type: string; id?: string }, count?: number): AccessFacts {
  const single = kind.endsWith('.read') && entity.id !== undefined;
  return {
    interaction: single ? 'read' : 'search-type',
    resourceType: entity.type,
    ...(single ? { id: entity.id } : {}),
    ...(entity.type === 'Patient' && entity.id ? { patientId: entity.id } : {}),
    query: [],
    path: `${kind} ${c.req.method} ${routePath(c)}${count === undefined ? '' : ` (${count} results)`}`,
  };
}

function clientOf(c: Context<AppEnv>): { patientId?: string } {
  const id = routePath(c).includes('/clients/:id') ? c.req.param('id') : undefined;
  return id && isUuid(id) ? { patientId: id } : {};
}
