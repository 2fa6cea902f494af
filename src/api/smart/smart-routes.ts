import { Hono } from 'hono';
import { OAuthSigningKeyRepository } from '../../db/oauth-signing-key-repository';
import type { AppDeps, AppEnv } from '../app-env';
import { ServerKeyStore } from '../auth/server-keys';
import { authorizeRoutes } from './authorize/authorize-routes';
import { openidConfiguration, smartConfiguration } from './discovery';
import { introspectionEndpoint } from './introspection/introspect-route';
import { RemoteJwksCache } from './jwks/remote-jwks-cache';
import { OAUTH_PATHS, oauthEndpoints } from './oauth-endpoints';
import { revocationEndpoint } from './revocation/revoke-route';
import { tokenEndpoint } from './token/token-route';

/**
 * The public surface of the authorization server: discovery, the server's JWKS, the token,
 * introspection and revocation endpoints, and the App Launch authorization endpoint with its forms. Mounted at the root before the FHIR routes, whose authentication must not apply to
 * `/fhir/.well-known/smart-configuration`.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/conformance.html#using-well-known
 */
export function smartRoutes(deps: AppDeps) {
  const endpoints = oauthEndpoints(deps.config.publicUrl);
  const discovery = { registration: Boolean(deps.config.adminToken) };
  const smartDocument = JSON.stringify(smartConfiguration(endpoints, discovery));
  const openidDocument = JSON.stringify(openidConfiguration(endpoints, discovery));
  const serverKeys = deps.serverKeys ?? new ServerKeyStore({ clock: deps.clock });
  const remoteJwks = new RemoteJwksCache({ fetch: deps.fetch ?? runtimeFetch, clock: deps.clock });
  const endpointDeps = { database: deps.database, clock: deps.clock, endpoints, serverKeys, remoteJwks, onRevoked: revocationListener(deps.authenticator) };

  const json = (body: string) => new Response(body, { headers: { 'Content-Type': 'application/json' } });
  return new Hono<AppEnv>()
    .get('/fhir/.well-known/smart-configuration', () => json(smartDocument))
    .get('/.well-known/smart-configuration', () => json(smartDocument))
    .get('/.well-known/openid-configuration', () => json(openidDocument))
    .get(OAUTH_PATHS.jwks, async function serveServerJwks() {
      const jwks = await serverKeys.publicJwks(new OAuthSigningKeyRepository(deps.database.forRequest()));
      return new Response(JSON.stringify(jwks), {
        headers: { 'Content-Type': 'application/json', 'Cache-Control': 'public, max-age=300' },
      });
    })
    .post(OAUTH_PATHS.token, tokenEndpoint(endpointDeps))
    .post(OAUTH_PATHS.introspection, introspectionEndpoint(endpointDeps))
    .post(OAUTH_PATHS.revocation, revocationEndpoint(endpointDeps))
    .route('/', authorizeRoutes({ database: deps.database, clock: deps.clock, endpoints }));
}

/** This process's bearer authenticator stops trusting revoked tokens at once when it can be told. */
function revocationListener(authenticator: AppDeps['authenticator']): (jtis: readonly string[]) => void {
  if (!authenticator || !('forget' in authenticator) || typeof authenticator.forget !== 'function') return () => {};
  const forget = authenticator.forget.bind(authenticator) as (jti: string) => void;
  return (jtis) => jtis.forEach((jti) => forget(jti));
}

/** The runtime's fetch, looked up per call (so test interceptors apply) and never called unbound (workerd). */
const runtimeFetch: typeof fetch = (input, init) => fetch(input, init);
