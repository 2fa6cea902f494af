import type { OAuthClient } from '../../../db/oauth-client-repository';
import type { GRANT_TYPES_SUPPORTED } from '../discovery';
import type { ClientAuthentication } from '../client-auth/authenticate-client';
import { tokenRefusal, type TokenRefusal } from './token-refusal';

/** A `grant_type` the token endpoint serves. */
export type SupportedGrantType = (typeof GRANT_TYPES_SUPPORTED)[number];

/**
 * Passes an authenticated client on only if it registered `grantType`; any other client is
 * refused `unauthorized_client`. A failed authentication passes through unchanged.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2
 */
export function registeredForGrant(
  authentication: ClientAuthentication,
  grantType: SupportedGrantType,
): { ok: true; client: OAuthClient } | TokenRefusal {
  if (!authentication.ok) return authentication;
  const { client } = authentication;
  if (!client.grantTypes.includes(grantType)) {
    return tokenRefusal('grant_type_not_registered', `This client is not registered for the ${grantType} grant.`, client);
  }
  return authentication;
}
