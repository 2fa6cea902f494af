import { Hono } from 'hono';
import { buildCapabilityStatement, type OAuthUris } from '../../fhir/capability-statement';
import type { Clock } from '../../lib/clock';
import type { AppEnv } from '../app-env';
import { oauthEndpoints, type OAuthEndpoints } from '../smart/oauth-endpoints';
import { toFhirRequest } from './fhir-http';
import { FHIR_JSON } from './http-semantics';

export interface CapabilityRoutesOptions {
  publicUrl: string;
  clock: Clock;
  /** Whether `/oauth/register` is served (the admin API is enabled), as in SMART discovery. */
  registration: boolean;
}

/**
 * `GET [base]/metadata`: the CapabilityStatement, public (mounted before the authenticated FHIR
 * routes). It depends only on the registries and the configuration, so it is generated once.
 * @see https://hl7.org/fhir/R4/http.html#capabilities
 */
export function capabilityRoutes(options: CapabilityRoutesOptions) {
  let body: string | undefined;
  return new Hono<AppEnv>().get('/metadata', async function serveCapabilityStatement(c) {
    await toFhirRequest(c, 'GET', { resourceType: 'CapabilityStatement' });
    body ??= JSON.stringify(
      buildCapabilityStatement({
        baseUrl: `${options.publicUrl}/fhir`,
        date: options.clock.now().toISOString(),
        oauth: oauthUris(oauthEndpoints(options.publicUrl), options.registration),
      }),
    );
    return new Response(body, { status: 200, headers: { 'Content-Type': FHIR_JSON } });
  });
}

function oauthUris(endpoints: OAuthEndpoints, registration: boolean): OAuthUris {
  return {
    authorize: endpoints.authorization,
    token: endpoints.token,
    ...(registration ? { register: endpoints.registration } : {}),
    introspect: endpoints.introspection,
    revoke: endpoints.revocation,
  };
}
