import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { attemptOf } from '../audit/audit-middleware';
import { fhirContextOf, type FhirContextOptions } from './fhir-context';
import { toFhirRequest, toResponse } from './fhir-http';
import { batchOrTransaction } from './interactions/bundle';
import { resolveOperation } from './operations';

/**
 * Route handlers for what is not a `[type]` interaction of the registry: `POST [base]` (batch and
 * transaction Bundles) and `GET|POST [type]/[id]/$operation` (the operation registry).
 * @see https://hl7.org/fhir/R4/http.html#transaction
 * @see https://hl7.org/fhir/R4/operations.html#executing
 */

export function bundleHandler(options: FhirContextOptions) {
  return async function handleBundle(c: Context<AppEnv>): Promise<Response> {
    c.var.audit.attempting({ interaction: 'batch' });
    const request = await toFhirRequest(c, 'POST', { resourceType: 'Bundle' });
    return toResponse(await batchOrTransaction(fhirContextOf(c, options), request));
  };
}

export function operationHandler(options: FhirContextOptions) {
  return async function handleOperation(c: Context<AppEnv>): Promise<Response> {
    const { type, id, operation } = c.req.param() as Record<string, string>;
    c.var.audit.attempting({ ...attemptOf(c.req.method, type, id), interaction: 'operation' });
    const method = c.req.method === 'POST' ? 'POST' : 'GET';
    const interaction = resolveOperation(type!, operation!.slice(1), method);
    const request = await toFhirRequest(c, method, { resourceType: type!, id });
    return toResponse(await interaction(fhirContextOf(c, options), request));
  };
}
