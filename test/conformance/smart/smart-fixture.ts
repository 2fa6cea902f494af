import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { createApp, type App } from '../../../src/app';
import { tokenAuthentication, type TokenAuthentication } from '../../../src/api/auth/token-authentication';
import { parseConfig } from '../../../src/config';
import type { Database } from '../../../src/db/database';
import { createOAuthRepositories, type OAuthRepositories } from '../../../src/db/oauth-repositories';
import { encodeBase64UrlText } from '../../../src/lib/base64url';
import { fixedClock, type Clock } from '../../../src/lib/clock';
import { recordingLogger } from '../../../src/lib/logger';
import { openTestDatabase } from '../../support/test-database';

/**
 * The SMART suite's app: the real createApp with the real token authentication (as src/node.ts
 * wires it) over the suite database, on a clock the tests move by hand. Outbound fetches go to the
 * global fetch, which msw intercepts in the files that register JWKS URLs.
 */

export const ADMIN_TOKEN = 'smart-suite-admin-token';
export const PUBLIC_URL = 'https://metbridge.test';
export const TOKEN_URL = `${PUBLIC_URL}/oauth/token`;
export const FHIR_BASE = `${PUBLIC_URL}/fhir`;
export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface SmartTestApp {
  app: App;
  db: Database;
  oauth: OAuthRepositories;
  clock: Clock & { advance(ms: number): void };
  auth: TokenAuthentication;
  logs: string[];
  close(): Promise<void>;
}

export async function createSmartTestApp(): Promise<SmartTestApp> {
  const database = await openTestDatabase();
  const clock = fixedClock(new Date());
  const logger = recordingLogger();
  const provider = { forRequest: () => database.db };
  const config = parseConfig({ ADMIN_TOKEN, PUBLIC_URL });
  const auth = tokenAuthentication({ config, clock, database: provider });
  const app = createApp({ config, clock, logger, database: provider, authenticator: auth.authenticator, serverKeys: auth.serverKeys });
  return { app, db: database.db, oauth: createOAuthRepositories(database.db, clock), clock, auth, logs: logger.lines, close: () => database.close() };
}

const adminJson = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };

export async function createPractice(t: SmartTestApp, name = 'SMART Suite Practice'): Promise<{ id: string; organizationId: string }> {
  const response = await t.app.request('/admin/practices', { method: 'POST', headers: adminJson, body: JSON.stringify({ name }) });
  if (response.status !== 201) throw new Error(`practice not created: ${response.status}`);
  return response.json();
}

export async function registerClient(t: SmartTestApp, practiceId: string, metadata: Record<string, unknown>): Promise<Response> {
  return t.app.request(`/admin/practices/${practiceId}/clients`, { method: 'POST', headers: adminJson, body: JSON.stringify(metadata) });
}

export type SigningAlg = 'RS384' | 'ES384' | 'RS256' | 'ES256';

/** A client's key pair; `publicJwk` carries the `kid` (and `alg` when asked). */
export interface ClientKey {
  alg: SigningAlg;
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
  privateJwk: JWK;
}

export async function clientKey(alg: SigningAlg, kid = `${alg.toLowerCase()}-${crypto.randomUUID().slice(0, 8)}`, withAlg = false): Promise<ClientKey> {
  const pair = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(pair.publicKey)), kid, ...(withAlg ? { alg } : {}) };
  return { alg, kid, privateKey: pair.privateKey, publicKey: pair.publicKey, publicJwk, privateJwk: { ...(await exportJWK(pair.privateKey)), kid } };
}

/** Registers a backend-services client of `practiceId` with an inline JWKS; returns its client_id. */
export async function registerBackendClient(
  t: SmartTestApp,
  practiceId: string,
  keys: readonly ClientKey[],
  extra: Record<string, unknown> = {},
): Promise<string> {
  const response = await registerClient(t, practiceId, {
    client_name: 'Referring EHR',
    grant_types: ['client_credentials'],
    token_endpoint_auth_method: 'private_key_jwt',
    jwks: { keys: keys.map((key) => key.publicJwk) },
    scope: 'system/*.rs system/Task.cu',
    ...extra,
  });
  if (response.status !== 201) throw new Error(`client not registered: ${response.status} ${await response.text()}`);
  return (await response.json()).client_id;
}

export interface AssertionOptions {
  /** Claims to set or override. */
  claims?: Record<string, unknown>;
  /** Claims to leave out. */
  omit?: readonly string[];
  /** Header parameters to set or override (kid, jku, typ). */
  header?: Record<string, unknown>;
}

/** A client assertion as a SMART backend service builds it, valid unless the options say otherwise. */
export async function signAssertion(t: SmartTestApp, clientId: string, key: ClientKey, options: AssertionOptions = {}): Promise<string> {
  const claims = assertionClaims(t, clientId, options);
  return new SignJWT(claims).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...options.header }).sign(key.privateKey);
}

export function assertionClaims(t: SmartTestApp, clientId: string, options: AssertionOptions = {}): Record<string, unknown> {
  const now = Math.floor(t.clock.now().getTime() / 1000);
  const claims: Record<string, unknown> = { iss: clientId, sub: clientId, aud: TOKEN_URL, exp: now + 240, iat: now, jti: crypto.randomUUID(), ...options.claims };
  for (const name of options.omit ?? []) delete claims[name];
  return claims;
}

/** An unsigned JWT (`alg: none`). */
export function unsignedAssertion(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  return `${encodeBase64UrlText(JSON.stringify(header))}.${encodeBase64UrlText(JSON.stringify(claims))}.`;
}

/** POSTs a token request as a backend service does. */
export async function requestToken(t: SmartTestApp, parameters: Record<string, string>, contentType = 'application/x-www-form-urlencoded'): Promise<Response> {
  return t.app.request('/oauth/token', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: new URLSearchParams(parameters).toString(),
  });
}

export function clientCredentials(assertion: string, scope = 'system/Observation.rs'): Record<string, string> {
  return { grant_type: 'client_credentials', scope, client_assertion_type: JWT_BEARER, client_assertion: assertion };
}

/** A token request with a fresh valid assertion; returns the parsed token response. */
export async function obtainToken(t: SmartTestApp, clientId: string, key: ClientKey, scope = 'system/*.rs'): Promise<{ access_token: string; scope: string; expires_in: number }> {
  const response = await requestToken(t, clientCredentials(await signAssertion(t, clientId, key), scope));
  if (response.status !== 200) throw new Error(`no token: ${response.status} ${await response.text()}`);
  return response.json();
}

/** The error body of a refused token request, after checking the RFC 6749 §5.2 framing. */
export async function oauthError(response: Response): Promise<{ status: number; error: string; error_description: string }> {
  const body = await response.json();
  return { status: response.status, error: body.error, error_description: body.error_description };
}
