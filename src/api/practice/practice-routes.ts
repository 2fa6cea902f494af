import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../app-env';
import { auditRequests, auditServerOf } from '../audit/audit-middleware';
import { noAuthenticator } from '../auth/principal';
import { requirePrincipal } from '../middleware/require-principal';
import { referralRoutes } from '../referrals/referral-routes';
import { assessmentRoutes } from './assessments';
import { clientRoutes } from './clients';
import { diagnosisRoutes } from './diagnoses';
import { goalRoutes } from './goals';
import { messageRoutes } from './messages';
import { openApiDocument } from './openapi';
import type { PracticeDeps, PracticeRoute } from './practice-route';
import { progressReportRoutes } from './progress-reports';
import { reportScheduleSettingRoutes } from './report-schedule-settings';
import { sessionRoutes } from './sessions';

/** Every route of the practice API, in the order the OpenAPI document lists them. */
export const PRACTICE_ROUTES: readonly PracticeRoute[] = [
  ...clientRoutes,
  ...diagnosisRoutes,
  ...assessmentRoutes,
  ...sessionRoutes,
  ...goalRoutes,
  ...progressReportRoutes,
  ...reportScheduleSettingRoutes,
  ...messageRoutes,
  ...referralRoutes,
];

/**
 * The trainer-facing practice API at `/api/v1`, generated from {@link PRACTICE_ROUTES}. The
 * OpenAPI document is public; every other route needs a bearer token, and the practice comes
 * only from the principal it establishes.
 */
export function practiceRoutes(deps: Pick<AppDeps, 'authenticator' | 'clock' | 'config'>) {
  const practiceDeps: PracticeDeps = { clock: deps.clock, fhirBase: `${deps.config.publicUrl}/fhir` };
  let document: Record<string, unknown> | undefined;
  const app = new Hono<AppEnv>().get('/openapi.json', (c) => {
    document ??= openApiDocument(PRACTICE_ROUTES, deps.config.publicUrl);
    return c.json(document);
  });
  app.use('*', requirePrincipal(deps.authenticator ?? noAuthenticator));
  app.use('*', auditRequests({ server: auditServerOf(deps.config.publicUrl), clock: deps.clock }));
  for (const route of PRACTICE_ROUTES) app.on(route.method.toUpperCase(), route.path, (c) => route.run(c, practiceDeps));
  return app;
}
