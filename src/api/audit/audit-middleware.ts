import type { MiddlewareHandler } from 'hono';
import type { AuditServer, RestInteraction } from '../../fhir/audit-event';
import { resourceTypeDefinition } from '../../fhir/resource-types';
import type { Clock } from '../../lib/clock';
import { isUuid } from '../../lib/ids';
import type { AppEnv } from '../app-env';
import { RequestAudit, type AccessFacts } from './request-audit';

export interface AuditRequestsOptions {
  server: AuditServer;
  clock: Clock;
}

/** The FHIR base and OAuth issuer of a deployment, as AuditEvents name the server. */
export function auditServerOf(publicUrl: string): AuditServer {
  return { issuer: publicUrl, fhirBase: `${publicUrl}/fhir` };
}

/** The same, from the FHIR base (`PUBLIC_URL + "/fhir"`). */
export function auditServerOfFhirBase(fhirBase: string): AuditServer {
  return { issuer: fhirBase.replace(/\/fhir$/, ''), fhirBase };
}

/**
 * Gives every authenticated request its audit trail (`c.var.audit`, after `requirePrincipal`),
 * and audits the request as a failure when it ends with an error status — a refusal (403, 404
 * for another practice's ids) or a failed write — with what it attempted. Successful
 * interactions record their own events.
 * @see https://hl7.org/fhir/R4/security.html#audit
 */
export function auditRequests(options: AuditRequestsOptions): MiddlewareHandler<AppEnv> {
  return async function auditRequest(c, next) {
    const audit = new RequestAudit(c.var.auditBatch, c.var.principal, options.server, options.clock);
    c.set('audit', audit);
    await next();
    if (c.res.status >= 400) {
      const { type, id, vid } = c.req.param() as Record<string, string | undefined>;
      const query = [...new URL(c.req.url).searchParams];
      audit.failed(c.res.status, attemptOf(c.req.method, type, id, vid), query);
    }
  };
}

const BY_METHOD: Record<string, RestInteraction> = { GET: 'read', HEAD: 'read', POST: 'create', PUT: 'update', DELETE: 'delete' };

/** What a request attempted, from its method and route parameters alone (ids only when they are MetBridge ids). */
export function attemptOf(method: string, type: string | undefined, id?: string, versionId?: string): AccessFacts {
  const resourceType = type && resourceTypeDefinition(type) ? type : undefined;
  const known = resourceType && id && isUuid(id);
  return {
    interaction: BY_METHOD[method] ?? 'operation',
    ...(resourceType ? { resourceType } : {}),
    ...(known ? { id } : {}),
    ...(known && versionId && /^\d{1,9}$/.test(versionId) ? { versionId } : {}),
  };
}
