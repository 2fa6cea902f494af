import type { ClientAssertionContext } from '../client-auth/authenticate-client';
import type { TokenContext } from './token-context';

/** What client authentication needs from a token request's context. */
export function clientAuthenticationContext(context: TokenContext): ClientAssertionContext {
  return {
    clients: context.repositories.clients,
    assertionJtis: context.repositories.assertionJtis,
    remoteJwks: context.remoteJwks,
    tokenEndpoint: context.endpoints.token,
    now: context.now,
  };
}
