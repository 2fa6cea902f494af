import { Hono, type Context } from 'hono';
import { supportsInteraction, type TypeInteraction } from '../../fhir/resource-types';
import type { Clock } from '../../lib/clock';
import type { AppEnv } from '../app-env';
import { attemptOf, auditRequests, auditServerOf } from '../audit/audit-middleware';
import type { Authenticator } from '../auth/principal';
import { requirePrincipal } from '../middleware/require-principal';
import type { FhirContext, FhirRequest, Interaction } from './fhir-request';
import { toFhirRequest, toResponse } from './fhir-http';
import { unsupportedInteraction } from './unsupported-interaction';
import { create } from './interactions/create';
import { deleteResource } from './interactions/delete';
import { history } from './interactions/history';
import { read } from './interactions/read';
import { search } from './interactions/search';
import { update } from './interactions/update';
import { vread } from './interactions/vread';
import { practiceOrganizationLookup } from './fhir-context';
import { scopedResources } from './scoped-resources';
import { bundleHandler, operationHandler } from './system-routes';

export interface FhirRoutesOptions {
  authenticator: Authenticator;
  publicUrl: string;
  clock: Clock;
}

/**
 * The FHIR RESTful API at `/fhir`. Each route checks the type's interaction in the registry,
 * builds a framework-free request and hands it to its interaction.
 * @see https://hl7.org/fhir/R4/http.html
 */
export function fhirRoutes(options: FhirRoutesOptions) {
  const baseUrl = `${options.publicUrl}/fhir`;
  const run =
    (interaction: Interaction, kind: TypeInteraction, method: FhirRequest['method'], formBody = false) =>
    async (c: Context<AppEnv>) => {
      const { type, id, vid } = c.req.param() as Record<string, string | undefined>;
      const resourceType = type!;
      c.var.audit.attempting({ ...attemptOf(c.req.method, resourceType, id, vid), interaction: kind });
      if (!supportsInteraction(resourceType, kind)) throw unsupportedInteraction(resourceType, kind);
      const request = await toFhirRequest(c, method, { resourceType, id, versionId: vid }, { formBody });
      const context: FhirContext = {
        store: scopedResources(c.var.repositories, c.var.principal),
        principal: c.var.principal,
        baseUrl,
        clock: options.clock,
        audit: c.var.audit,
        repositories: c.var.repositories,
        practiceOrganizationId: practiceOrganizationLookup(c),
      };
      return toResponse(await interaction(context, request));
    };

  return new Hono<AppEnv>()
    .use('*', requirePrincipal(options.authenticator))
    .use('*', auditRequests({ server: auditServerOf(options.publicUrl), clock: options.clock }))
    .post('/', bundleHandler({ baseUrl, clock: options.clock }))
    .get('/:type/:id/:operation{\\$[A-Za-z][A-Za-z-]*}', operationHandler({ baseUrl, clock: options.clock }))
    .post('/:type/:id/:operation{\\$[A-Za-z][A-Za-z-]*}', operationHandler({ baseUrl, clock: options.clock }))
    .get('/:type/_history', run(history, 'history-type', 'GET'))
    .post('/:type/_search', run(search, 'search-type', 'POST', true))
    .get('/:type/:id/_history/:vid', run(vread, 'vread', 'GET'))
    .get('/:type/:id/_history', run(history, 'history-instance', 'GET'))
    .get('/:type/:id', run(read, 'read', 'GET'))
    .put('/:type/:id', run(update, 'update', 'PUT'))
    .delete('/:type/:id', run(deleteResource, 'delete', 'DELETE'))
    .get('/:type', run(search, 'search-type', 'GET'))
    .post('/:type', run(create, 'create', 'POST'));
}
