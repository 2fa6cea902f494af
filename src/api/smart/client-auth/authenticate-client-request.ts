import type { OAuthClient } from '../../../db/oauth-client-repository';
import { createOAuthRepositories, type OAuthRepositories } from '../../../db/oauth-repositories';
import type { TokenEndpointDeps } from '../token/token-route';
import { readTokenParameters, type TokenParameters } from '../token/token-parameters';
import { refusalResponse } from '../token/token-refusal';
import { authenticateTokenClient } from './authenticate-token-client';

/** Who may call an endpoint for authenticated clients, and how a refused client is answered. */
export interface ClientRequestPolicy {
  /** A public client may call it by `client_id` alone. */
  allowPublic: boolean;
  /**
   * Every failed client authentication is answered 401 with a Basic challenge, not only a failed
   * HTTP Basic attempt.
   * @see https://www.rfc-editor.org/rfc/rfc7662#section-2.3
   */
  challengeEveryFailure: boolean;
}

/** A request whose parameters are read and whose client is authenticated. */
export interface AuthenticatedClientRequest {
  ok: true;
  client: OAuthClient;
  parameters: TokenParameters;
  repositories: OAuthRepositories;
  now: Date;
}

/**
 * Reads a request to the introspection or revocation endpoint (form-encoded, as at the token
 * endpoint) and authenticates its client by the one method it uses. A refusal comes back as the
 * RFC 6749 §5.2 response to send.
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2.1
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.1
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3
 */
export async function authenticateClientRequest(
  request: Request,
  deps: TokenEndpointDeps,
  policy: ClientRequestPolicy,
): Promise<AuthenticatedClientRequest | { ok: false; response: Response }> {
  const read = await readTokenParameters(request);
  if (!read.ok) return { ok: false, response: refusalResponse(read) };
  const { parameters } = read;
  const now = deps.clock.now();
  const repositories = createOAuthRepositories(deps.database.forRequest(), deps.clock);
  const authentication = await authenticateTokenClient(
    { authorization: request.headers.get('authorization') ?? undefined, get: (name) => parameters.get(name) },
    { clients: repositories.clients, assertionJtis: repositories.assertionJtis, remoteJwks: deps.remoteJwks, tokenEndpoint: deps.endpoints.token, now },
    policy.allowPublic,
  );
  if (!authentication.ok) {
    const refusal = policy.challengeEveryFailure ? { ...authentication, basicChallenge: true } : authentication;
    return { ok: false, response: refusalResponse(refusal) };
  }
  return { ok: true, client: authentication.client, parameters, repositories, now };
}
