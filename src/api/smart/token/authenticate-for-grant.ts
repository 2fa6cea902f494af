import type { OAuthClient } from '../../../db/oauth-client-repository';
import { authenticateTokenClient } from '../client-auth/authenticate-token-client';
import { clientAuthenticationContext } from './client-authentication-context';
import { registeredForGrant, type SupportedGrantType } from './registered-grant';
import type { TokenContext } from './token-context';
import type { TokenParameters } from './token-parameters';
import type { TokenRefusal } from './token-refusal';

/**
 * The client of an App Launch grant: authenticated by whichever one method it uses (HTTP Basic, a
 * client assertion, or `client_id` alone for a public client) and registered for `grantType`.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.2.1
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export async function authenticateForGrant(
  parameters: TokenParameters,
  context: TokenContext,
  grantType: SupportedGrantType,
): Promise<{ ok: true; client: OAuthClient } | TokenRefusal> {
  const authentication = await authenticateTokenClient(
    { authorization: context.authorization, get: (name) => parameters.get(name) },
    clientAuthenticationContext(context),
    true,
  );
  return registeredForGrant(authentication, grantType);
}
