import type { Context } from 'hono';
import { createOAuthRepositories } from '../../../db/oauth-repositories';
import { newId } from '../../../lib/ids';
import type { AppEnv } from '../../app-env';
import type { AuthorizeDeps } from './authorize-deps';
import { signInPage } from './authorize-pages';
import { redirectError } from './authorization-redirect';
import { checkAuthorizationRequest, scopeText } from './authorization-request';
import { AUTHORIZATION_REQUEST_LIFETIME_MS, newBinding } from './flow-binding';
import { errorPage } from './html-page';

const FORM = 'application/x-www-form-urlencoded';

/**
 * `GET|POST /oauth/authorize`: validates the request, stores it, and answers the trainer's
 * sign-in page bound to this browser. POST (`authorize-post`) takes the same parameters as a form.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#obtain-authorization-code
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/conformance.html#capabilities (authorize-post)
 */
export function startAuthorization(deps: AuthorizeDeps) {
  return async function authorize(c: Context<AppEnv>): Promise<Response> {
    const isPost = c.req.method === 'POST';
    let parameters: URLSearchParams;
    if (isPost) {
      const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (mediaType !== FORM) return errorPage(`Send the authorization request as ${FORM}.`, 415);
      parameters = new URLSearchParams(new TextDecoder().decode(await c.req.arrayBuffer()));
    } else {
      parameters = new URL(c.req.url).searchParams;
    }
    const repositories = createOAuthRepositories(deps.database.forRequest(), deps.clock);
    const checked = await checkAuthorizationRequest(parameters, { clients: repositories.clients, fhirBase: deps.endpoints.fhirBase });
    if (!checked.ok) {
      const { problem } = checked;
      return problem.kind === 'page' ? errorPage(problem.message) : redirectError(problem, problem.error, problem.description, deps.endpoints.issuer, isPost);
    }
    const { request } = checked;
    const practice = await repositories.practices.findById(request.client.practiceId);
    if (!practice) return errorPage('The practice of this app no longer exists.');

    const now = deps.clock.now();
    const id = newId();
    const binding = await newBinding(id, deps.endpoints.issuer.startsWith('https:'));
    await repositories.authorizationRequests.insert({
      id,
      practiceId: practice.id,
      clientId: request.client.id,
      redirectUri: request.redirectUri,
      scope: scopeText(request.scopes),
      state: request.state,
      nonce: request.nonce ?? null,
      codeChallenge: request.codeChallenge,
      needsPatient: request.needsPatient,
      bindingHash: binding.hash,
      expiresAt: new Date(now.getTime() + AUTHORIZATION_REQUEST_LIFETIME_MS),
      createdAt: now,
    });
    return signInPage({
      requestId: id,
      binding: binding.token,
      appName: request.client.clientName ?? request.client.id,
      practiceName: practice.name,
      redirectOrigin: new URL(request.redirectUri).origin,
      headers: { 'Set-Cookie': binding.setCookie },
    });
  };
}
