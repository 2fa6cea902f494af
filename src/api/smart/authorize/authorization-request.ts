import type { OAuthClient, OAuthClientRepository } from '../../../db/oauth-client-repository';
import { grantableScopes } from '../../auth/scope-ceiling';
import { formatScope, parseScopeList, type SmartScope } from '../../auth/smart-scopes';
import type { OAuthErrorCode } from '../oauth-error';

/** A validated `/oauth/authorize` request, ready to be shown to the trainer. */
export interface ValidAuthorizationRequest {
  client: OAuthClient;
  redirectUri: string;
  /** Requested ∩ registered, as the consent screen shows it. */
  scopes: SmartScope[];
  state: string;
  nonce?: string;
  codeChallenge: string;
  /** `launch/patient` or a `patient/` scope was granted: a patient must be picked. */
  needsPatient: boolean;
}

/**
 * Why the request was refused. Problems with `client_id` or `redirect_uri` are shown to the user,
 * never redirected (the redirect target is not trustworthy); everything else goes back to the
 * app's redirect URI.
 */
export type AuthorizationRequestProblem =
  | { kind: 'page'; message: string }
  | { kind: 'redirect'; redirectUri: string; state?: string; error: OAuthErrorCode; description: string };

export interface AuthorizationRequestCheck {
  clients: OAuthClientRepository;
  /** The FHIR base: the only acceptable `aud`. */
  fhirBase: string;
}

/** Named scopes an App Launch grant can carry; `launch` (EHR launch) and `online_access` are not offered. */
const APP_LAUNCH_NAMED_SCOPES: ReadonlySet<string> = new Set(['openid', 'fhirUser', 'launch/patient', 'offline_access']);
const PKCE_S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const MAX_STATE_LENGTH = 2_048;
const MAX_NONCE_LENGTH = 512;

/**
 * Validates an authorization request (query of a GET or form of a POST): client and exact
 * redirect URI first, then response type, PKCE S256, `aud`, `state` and scope.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#obtain-authorization-code
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.3
 */
export async function checkAuthorizationRequest(
  parameters: URLSearchParams,
  check: AuthorizationRequestCheck,
): Promise<{ ok: true; request: ValidAuthorizationRequest } | { ok: false; problem: AuthorizationRequestProblem }> {
  const page = (message: string) => ({ ok: false as const, problem: { kind: 'page' as const, message } });
  const single = (name: string) => (parameters.getAll(name).length > 1 ? null : parameters.get(name) || undefined);

  const clientId = single('client_id');
  if (clientId === null) return page('client_id appears more than once.');
  if (!clientId) return page('client_id is missing: the app did not say who it is.');
  const client = clientId.length <= 128 ? await check.clients.findById(clientId) : undefined;
  if (!client) return page('client_id does not name a registered app.');
  const redirectUri = single('redirect_uri');
  if (redirectUri === null) return page('redirect_uri appears more than once.');
  if (!redirectUri) return page('redirect_uri is missing: SMART apps must send the redirect URI they registered.');
  if (!client.redirectUris.includes(redirectUri)) return page('redirect_uri is not one of the redirect URIs registered for this app (exact match).');

  const state = parameters.get('state') ?? undefined;
  const redirect = (error: OAuthErrorCode, description: string) => ({
    ok: false as const,
    problem: { kind: 'redirect' as const, redirectUri, ...(state && state.length <= MAX_STATE_LENGTH ? { state } : {}), error, description },
  });
  const repeated = [...new Set(parameters.keys())].find((name) => parameters.getAll(name).length > 1);
  if (repeated) return redirect('invalid_request', `The parameter ${repeated} appears more than once.`);
  if (!client.grantTypes.includes('authorization_code')) return redirect('unauthorized_client', 'This client is not registered for the authorization_code grant.');
  const responseType = single('response_type');
  if (!responseType) return redirect('invalid_request', 'response_type is required; use code.');
  if (responseType !== 'code') return redirect('unsupported_response_type', 'Only response_type code is supported.');

  const method = single('code_challenge_method');
  const challenge = single('code_challenge');
  if (!challenge || !method) return redirect('invalid_request', 'PKCE is required: send code_challenge and code_challenge_method=S256.');
  if (method !== 'S256') return redirect('invalid_request', `code_challenge_method ${method.slice(0, 32)} is not supported; only S256 is (plain is refused).`);
  if (!PKCE_S256_CHALLENGE.test(challenge)) return redirect('invalid_request', 'code_challenge must be the base64url SHA-256 of the code_verifier (43 characters).');

  const aud = single('aud');
  if (aud !== check.fhirBase) return redirect('invalid_request', `aud must be the FHIR base URL of this server, ${check.fhirBase}.`);
  if (single('launch')) return redirect('invalid_request', 'EHR launch (the launch parameter) is not supported; use standalone launch.');
  if (!state) return redirect('invalid_request', 'state is required: an unguessable value the app checks when it gets the code back.');
  if (state.length > MAX_STATE_LENGTH) return redirect('invalid_request', `state is longer than ${MAX_STATE_LENGTH} characters.`);
  const nonce = single('nonce');
  if (nonce && nonce.length > MAX_NONCE_LENGTH) return redirect('invalid_request', `nonce is longer than ${MAX_NONCE_LENGTH} characters.`);

  const scopeText = single('scope');
  if (!scopeText) return redirect('invalid_scope', 'scope is required, e.g. "openid fhirUser launch/patient patient/*.rs".');
  const scopes = appLaunchScopes(parseScopeList(scopeText).scopes, client);
  if (!scopes.some((scope) => scope.kind === 'clinical' || scope.value === 'openid')) {
    return redirect('invalid_scope', `No requested scope is within the scopes registered for this app (${client.scope}).`);
  }
  const needsPatient = scopes.some((scope) => (scope.kind === 'named' ? scope.value === 'launch/patient' : scope.context === 'patient'));
  return {
    ok: true,
    request: { client, redirectUri, scopes, state, ...(nonce ? { nonce } : {}), codeChallenge: challenge, needsPatient },
  };
}

/**
 * What an app may be granted through a person: `user/` and `patient/` scopes and the App Launch
 * named scopes, within the client's registered ceiling; `offline_access` only for clients
 * registered for refresh tokens.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html
 */
export function appLaunchScopes(requested: readonly SmartScope[], client: OAuthClient): SmartScope[] {
  const eligible = requested.filter((scope) =>
    scope.kind === 'named'
      ? APP_LAUNCH_NAMED_SCOPES.has(scope.value) && (scope.value !== 'offline_access' || client.grantTypes.includes('refresh_token'))
      : scope.context !== 'system',
  );
  return grantableScopes(eligible, parseScopeList(client.scope).scopes);
}

export function scopeText(scopes: readonly SmartScope[]): string {
  return scopes.map(formatScope).join(' ');
}
