import { Hono } from 'hono';
import { adminRoutes } from './api/admin/admin-routes';
import { ApiError } from './api/api-error';
import type { AppDeps, AppEnv } from './api/app-env';
import { createAuditBatchers } from './api/audit/audit-batchers';
import { createErrorHandler, fhirErrorResponse } from './api/error-handler';
import { noAuthenticator } from './api/auth/principal';
import { directServices } from './api/direct/direct-services';
import { directInboundRoutes } from './api/direct/inbound';
import { capabilityRoutes } from './api/fhir/capability-routes';
import { fhirRoutes } from './api/fhir/fhir-routes';
import { healthRoutes } from './api/health';
import { bodyLimitMiddleware } from './api/middleware/body-limit';
import { repositoriesMiddleware } from './api/middleware/repositories';
import { practiceRoutes } from './api/practice/practice-routes';
import { clientRegistrationRoutes } from './api/smart/registration/registration-routes';
import { smartRoutes } from './api/smart/smart-routes';
import { notFound } from './fhir/outcome';

export type { AppDeps } from './api/app-env';

/**
 * The whole HTTP surface, independent of runtime: Node and Workers entries build `deps` and
 * call this. It reads no env and imports no driver.
 */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const auditBatchers = deps.auditBatchers ?? createAuditBatchers({ clock: deps.clock, logger: deps.logger });
  app.use('*', bodyLimitMiddleware(deps.config.maxBodyBytes));
  app.use('*', repositoriesMiddleware(deps, auditBatchers));

  const direct = directServices({ ...deps, auditBatchers });
  app.route('/', healthRoutes());
  if (deps.config.adminToken) app.route('/admin', adminRoutes(deps.config.adminToken, deps.clock, direct));
  if (deps.config.adminToken) app.route('/', clientRegistrationRoutes(deps.config.adminToken, deps));
  // SMART discovery, JWKS and token endpoint: public, and before the FHIR routes' authentication.
  app.route('/', smartRoutes(deps));
  // Before the FHIR routes, whose authentication would otherwise run for it: metadata is public.
  app.route('/fhir', capabilityRoutes({ publicUrl: deps.config.publicUrl, clock: deps.clock, registration: Boolean(deps.config.adminToken) }));
  app.route(
    '/fhir',
    fhirRoutes({ authenticator: deps.authenticator ?? noAuthenticator, publicUrl: deps.config.publicUrl, clock: deps.clock }),
  );

  app.route('/api/v1', practiceRoutes(deps));
  app.route('/', directInboundRoutes({ direct, database: deps.database, processInBackground: deps.directInboundInBackground ?? false }));

  app.notFound((c) => {
    if (c.req.path === '/fhir' || c.req.path.startsWith('/fhir/')) {
      return fhirErrorResponse(notFound(`No route for ${c.req.method} ${c.req.path}.`));
    }
    const error = new ApiError(404, { error: 'not_found', message: `No route for ${c.req.method} ${c.req.path}.` });
    return c.json(error.body, error.status);
  });
  app.onError(createErrorHandler(deps.logger, deps.config.maxBodyBytes));
  return app;
}

export type App = ReturnType<typeof createApp>;
