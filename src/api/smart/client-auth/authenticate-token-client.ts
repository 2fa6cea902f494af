import type { OAuthClient } from '../../../db/oauth-client-repository';
import { assertionFailure, type AssertionFailure } from './assertion-failure';
import { authenticateClientByAssertion, type ClientAssertionContext } from './authenticate-client';
import { authenticateClientBySecret } from './client-secret-basic';

export interface ClientCredentials {
  /** The request's Authorization header. */
  authorization: string | undefined;
  get(name: string): string | undefined;
}

/**
 * Authenticates the client of a token, introspection or revocation request by the one method it
 * uses: HTTP Basic (`client_secret_basic`), a client assertion (`private_key_jwt`), or — for
 * public clients only, when `allowPublic` — its `client_id` alone. Using two methods at once is
 * refused, as is a confidential client that presents no credentials.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.2.1
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#step-5-access-token
 */
export async function authenticateTokenClient(
  credentials: ClientCredentials,
  context: ClientAssertionContext,
  allowPublic: boolean,
): Promise<{ ok: true; client: OAuthClient } | AssertionFailure> {
  const basic = credentials.authorization !== undefined && /^Basic /i.test(credentials.authorization);
  const assertion = credentials.get('client_assertion') !== undefined || credentials.get('client_assertion_type') !== undefined;
  const clientId = credentials.get('client_id');
  if (basic && assertion) return assertionFailure('multiple_auth_methods', 'Use one client authentication method: HTTP Basic or a client assertion, not both.');
  if (basic) return authenticateClientBySecret(credentials.authorization!, clientId, context.clients);
  if (assertion) {
    return authenticateClientByAssertion(
      { clientAssertionType: credentials.get('client_assertion_type'), clientAssertion: credentials.get('client_assertion'), clientId },
      context,
    );
  }
  if (!clientId) return assertionFailure('client_id_missing', 'Client authentication is required: HTTP Basic, a client assertion, or client_id for a public client.');
  const client = clientId.length <= 128 ? await context.clients.findById(clientId) : undefined;
  if (!client) return assertionFailure('client_unknown', 'client_id is not a registered client.');
  if (client.tokenEndpointAuthMethod !== 'none') {
    return assertionFailure('client_auth_method', `This client is confidential (${client.tokenEndpointAuthMethod}): it must authenticate.`, client);
  }
  if (!allowPublic) return assertionFailure('public_client_refused', 'Public clients cannot use this endpoint; it needs an authenticated client.', client);
  return { ok: true, client };
}
