import { clientCredentialsGrant } from './client-credentials-grant';
import type { Grant } from './token-context';

/**
 * The grant types the token endpoint serves, by `grant_type`. App Launch adds
 * `authorization_code` and `refresh_token` here.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4
 */
export const GRANTS: ReadonlyMap<string, Grant> = new Map([['client_credentials', clientCredentialsGrant]]);
