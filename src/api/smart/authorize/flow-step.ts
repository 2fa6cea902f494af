import type { Context } from 'hono';
import type { AuthorizationRequest } from '../../../db/oauth-authorization-request-repository';
import type { OAuthClient } from '../../../db/oauth-client-repository';
import { createOAuthRepositories, type OAuthRepositories } from '../../../db/oauth-repositories';
import { isUuid } from '../../../lib/ids';
import type { AppEnv } from '../../app-env';
import type { AuthorizeDeps } from './authorize-deps';
import type { FlowPage } from './authorize-pages';
import { bindingMatches } from './flow-binding';
import { errorPage } from './html-page';

/** One submitted form of the flow, after its request and browser binding were checked. */
export interface FlowStep {
  form: URLSearchParams;
  request: AuthorizationRequest;
  client: OAuthClient;
  repositories: OAuthRepositories;
  page: FlowPage;
  now: Date;
}

/**
 * Reads a form of the flow and loads its pending request; an expired, unknown or foreign
 * (wrong binding) request gets an error page and changes nothing.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.12
 */
export async function loadFlowStep(c: Context<AppEnv>, deps: AuthorizeDeps): Promise<FlowStep | Response> {
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/x-www-form-urlencoded') return errorPage('This form must be submitted from the sign-in page.', 415);
  const form = new URLSearchParams(new TextDecoder().decode(await c.req.arrayBuffer()));
  const requestId = form.get('request') ?? '';
  const now = deps.clock.now();
  const repositories = createOAuthRepositories(deps.database.forRequest(), deps.clock);
  const request = isUuid(requestId) ? await repositories.authorizationRequests.findPending(requestId, now) : undefined;
  const expired = 'This sign-in has expired or was already completed. Go back to the app and start again.';
  if (!request) return errorPage(expired);
  if (!(await bindingMatches(c, request.id, form.get('binding') ?? undefined, request.bindingHash))) {
    return errorPage('This form was not opened in this browser (its security check failed). Go back to the app and start again.', 403);
  }
  const client = await repositories.clients.findById(request.clientId);
  const practice = await repositories.practices.findById(request.practiceId);
  if (!client || !practice) return errorPage(expired);
  return {
    form,
    request,
    client,
    repositories,
    now,
    page: {
      requestId: request.id,
      binding: form.get('binding')!,
      appName: client.clientName ?? client.id,
      practiceName: practice.name,
      redirectOrigin: new URL(request.redirectUri).origin,
    },
  };
}
