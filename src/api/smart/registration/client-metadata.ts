import { parseScopeList } from '../../auth/smart-scopes';
import { CLIENT_ASSERTION_ALGS, parseClientJwks, unusableKeys, type ClientAssertionAlg, type ClientJwk } from '../jwks/public-jwks';

/**
 * RFC 7591 client metadata as MetBridge registers it. Unknown members are ignored, as RFC 7591
 * §2 requires; every problem with a known one is reported at once.
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/client-confidential-asymmetric.html#registering-a-client-communicating-public-keys
 */

export const REGISTRABLE_GRANT_TYPES = ['authorization_code', 'client_credentials', 'refresh_token'] as const;
export const REGISTRABLE_AUTH_METHODS = ['private_key_jwt', 'client_secret_basic', 'none'] as const;
type GrantType = (typeof REGISTRABLE_GRANT_TYPES)[number];
type AuthMethod = (typeof REGISTRABLE_AUTH_METHODS)[number];

export interface ClientMetadata {
  clientName?: string;
  grantTypes: GrantType[];
  tokenEndpointAuthMethod: AuthMethod;
  tokenEndpointAuthSigningAlg?: ClientAssertionAlg;
  jwks?: { keys: ClientJwk[] };
  jwksUri?: string;
  scope: string;
  redirectUris: string[];
}

export type ClientMetadataResult =
  | { ok: true; metadata: ClientMetadata }
  | { ok: false; error: 'invalid_client_metadata' | 'invalid_redirect_uri'; problems: string[] };

interface Problem {
  message: string;
  redirectUri?: boolean;
}

export async function validateClientMetadata(body: Record<string, unknown>): Promise<ClientMetadataResult> {
  const problems: Problem[] = [];
  const report = (message: string, redirectUri = false) => problems.push({ message, redirectUri });

  const clientName = optionalString(body.client_name, 'client_name', 200, report);
  const grantTypes = enumList(body.grant_types, 'grant_types', REGISTRABLE_GRANT_TYPES, ['authorization_code'], report);
  const tokenEndpointAuthMethod = enumValue(body.token_endpoint_auth_method, 'token_endpoint_auth_method', REGISTRABLE_AUTH_METHODS, 'client_secret_basic', report);
  const signingAlg = enumValue(body.token_endpoint_auth_signing_alg, 'token_endpoint_auth_signing_alg', CLIENT_ASSERTION_ALGS, undefined, report);
  const scope = scopeOf(body.scope, grantTypes, report);
  const redirectUris = redirectUrisOf(body.redirect_uris, grantTypes, report);
  const keys = await keySourceOf(body, tokenEndpointAuthMethod, report);

  if (grantTypes?.includes('client_credentials') && tokenEndpointAuthMethod !== undefined && tokenEndpointAuthMethod !== 'private_key_jwt') {
    report('grant_types client_credentials (SMART Backend Services) needs token_endpoint_auth_method private_key_jwt.');
  }
  if (grantTypes?.includes('refresh_token') && !grantTypes.includes('authorization_code')) {
    report('grant_types refresh_token is only issued with authorization_code.');
  }
  if (body.response_types !== undefined && !(Array.isArray(body.response_types) && body.response_types.every((type) => type === 'code'))) {
    report('response_types may only contain code.');
  }
  if (tokenEndpointAuthMethod === 'none' && grantTypes && !grantTypes.includes('authorization_code')) {
    report('token_endpoint_auth_method none (a public app) is only used with the authorization_code grant.');
  }
  if (signingAlg !== undefined && tokenEndpointAuthMethod !== 'private_key_jwt') {
    report('token_endpoint_auth_signing_alg is only used with private_key_jwt.');
  }
  if (problems.length > 0 || !grantTypes || !tokenEndpointAuthMethod || scope === undefined || !redirectUris || !keys) {
    const onlyRedirects = problems.length > 0 && problems.every((problem) => problem.redirectUri);
    return { ok: false, error: onlyRedirects ? 'invalid_redirect_uri' : 'invalid_client_metadata', problems: problems.map((problem) => problem.message) };
  }
  return {
    ok: true,
    metadata: {
      ...(clientName === undefined ? {} : { clientName }),
      grantTypes,
      tokenEndpointAuthMethod,
      ...(signingAlg === undefined ? {} : { tokenEndpointAuthSigningAlg: signingAlg }),
      ...keys,
      scope,
      redirectUris,
    },
  };
}

type Report = (message: string, redirectUri?: boolean) => void;

function optionalString(value: unknown, field: string, maxLength: number, report: Report): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.length > maxLength) {
    report(`${field} must be a non-empty string of at most ${maxLength} characters.`);
    return undefined;
  }
  return value.trim();
}

function enumValue<T extends string>(value: unknown, field: string, allowed: readonly T[], fallback: T | undefined, report: Report): T | undefined {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  report(`${field} must be one of ${allowed.join(', ')}.`);
  return undefined;
}

function enumList<T extends string>(value: unknown, field: string, allowed: readonly T[], fallback: T[], report: Report): T[] | undefined {
  if (value === undefined) return fallback;
  if (!Array.isArray(value) || value.length === 0) {
    report(`${field} must be a non-empty array.`);
    return undefined;
  }
  const unknown = value.filter((item) => typeof item !== 'string' || !(allowed as readonly string[]).includes(item));
  if (unknown.length) {
    report(`${field} has unsupported values (${unknown.map((item) => JSON.stringify(item)).join(', ')}); supported: ${allowed.join(', ')}.`);
    return undefined;
  }
  return [...new Set(value as T[])];
}

/** The ceiling of every token: SMART scopes in v1 or v2 grammar. */
function scopeOf(value: unknown, grantTypes: GrantType[] | undefined, report: Report): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    report('scope is required: the space-separated SMART scopes this client may be granted, e.g. system/Observation.rs.');
    return undefined;
  }
  const { scopes, unrecognized } = parseScopeList(value);
  if (unrecognized.length) {
    report(`scope has values that are not SMART scopes: ${unrecognized.join(' ')}.`);
    return undefined;
  }
  if (!grantTypes?.includes('client_credentials') && scopes.some((scope) => scope.kind === 'clinical' && scope.context === 'system')) {
    report('scope has system/ scopes, which are only granted with client_credentials; an app acting for a person registers user/ or patient/ scopes.');
    return undefined;
  }
  const backendOnly = grantTypes?.length === 1 && grantTypes[0] === 'client_credentials';
  if (backendOnly && !scopes.some((scope) => scope.kind === 'clinical' && scope.context === 'system')) {
    report('scope of a client_credentials client must include system/ scopes, e.g. system/Observation.rs.');
    return undefined;
  }
  return value.split(' ').filter(Boolean).join(' ');
}

/**
 * Exact redirect URIs: https, or http only on a loopback host (RFC 8252 §7.3); never a fragment
 * or credentials.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.1.2
 */
function redirectUrisOf(value: unknown, grantTypes: GrantType[] | undefined, report: Report): string[] | undefined {
  const usesRedirects = grantTypes?.includes('authorization_code') ?? false;
  if (value === undefined) {
    if (usesRedirects) report('redirect_uris is required for the authorization_code grant.', true);
    return usesRedirects ? undefined : [];
  }
  if (!Array.isArray(value) || value.length === 0 || value.some((item) => typeof item !== 'string')) {
    report('redirect_uris must be a non-empty array of URI strings.', true);
    return undefined;
  }
  if (!usesRedirects) {
    report('redirect_uris is only used with the authorization_code grant.');
    return undefined;
  }
  const invalid = (value as string[]).filter((uri) => !isAcceptableRedirectUri(uri));
  if (invalid.length) {
    report(`redirect_uris must be absolute https URIs (http only for loopback hosts) without a fragment: ${invalid.join(', ')}.`, true);
    return undefined;
  }
  return [...new Set(value as string[])];
}

function isAcceptableRedirectUri(uri: string): boolean {
  if (!URL.canParse(uri)) return false;
  const url = new URL(uri);
  if (url.hash || uri.includes('#')) return false;
  if (url.protocol === 'https:') return !url.username && !url.password;
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) && !url.username && !url.password;
}

/** Exactly one of `jwks` and `jwks_uri` for private_key_jwt; neither for the other methods. */
async function keySourceOf(body: Record<string, unknown>, method: AuthMethod | undefined, report: Report): Promise<Pick<ClientMetadata, 'jwks' | 'jwksUri'> | undefined> {
  const hasJwks = body.jwks !== undefined;
  const hasUri = body.jwks_uri !== undefined;
  if (method !== 'private_key_jwt') {
    if (hasJwks || hasUri) report('jwks and jwks_uri are only used with token_endpoint_auth_method private_key_jwt.');
    return hasJwks || hasUri ? undefined : {};
  }
  if (hasJwks === hasUri) {
    report('private_key_jwt needs exactly one of jwks (the public JWK Set) or jwks_uri (where it is published; preferred).');
    return undefined;
  }
  if (hasUri) {
    const uri = body.jwks_uri;
    if (typeof uri !== 'string' || !URL.canParse(uri) || new URL(uri).protocol !== 'https:' || uri.includes('#') || new URL(uri).username) {
      report('jwks_uri must be an absolute https URL without credentials or fragment.');
      return undefined;
    }
    return { jwksUri: uri };
  }
  const parsed = parseClientJwks(body.jwks, { strict: true, label: 'jwks' });
  if (!parsed.ok) {
    parsed.problems.forEach((problem) => report(problem));
    return undefined;
  }
  const unusable = await unusableKeys(parsed.keys, 'jwks');
  if (unusable.length) {
    unusable.forEach((problem) => report(problem));
    return undefined;
  }
  return { jwks: { keys: parsed.keys } };
}
