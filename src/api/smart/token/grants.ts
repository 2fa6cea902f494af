import { authorizationCodeGrant } from './authorization-code-grant';
import { clientCredentialsGrant } from './client-credentials-grant';
import { refreshTokenGrant } from './refresh-token-grant';
import type { Grant } from './token-context';

/**
 * The grant types the token endpoint serves, by `grant_type`.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4
 */
export const GRANTS: ReadonlyMap<string, Grant> = new Map([
  ['authorization_code', authorizationCodeGrant],
  ['client_credentials', clientCredentialsGrant],
  ['refresh_token', refreshTokenGrant],
]);
