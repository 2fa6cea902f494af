import type { OAuthClient, OAuthClientRepository } from '../../../db/oauth-client-repository';
import { secretsMatch } from '../../../lib/constant-time';
import { sha256Base64Url } from '../../auth/sha256';
import { assertionFailure, type AssertionFailure } from './assertion-failure';

/**
 * `client_secret_basic`: `Authorization: Basic base64(urlencode(client_id) ":" urlencode(secret))`.
 * The presented secret is hashed and compared with the stored hash in constant time; every
 * failure says 401 with a Basic challenge.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/client-confidential-symmetric.html
 */
export async function authenticateClientBySecret(
  authorization: string,
  clientIdParameter: string | undefined,
  clients: OAuthClientRepository,
): Promise<{ ok: true; client: OAuthClient } | AssertionFailure> {
  const fail = (reason: Parameters<typeof assertionFailure>[0], description: string, client?: OAuthClient) => ({
    ...assertionFailure(reason, description, client),
    basicChallenge: true,
  });
  const credentials = decodeBasic(authorization);
  if (!credentials) return fail('basic_header_malformed', 'The Authorization header is not valid HTTP Basic credentials (base64 of client_id:client_secret).');
  if (clientIdParameter !== undefined && clientIdParameter !== credentials.clientId) {
    return fail('client_id_mismatch', 'The client_id parameter differs from the client_id in the Authorization header.');
  }
  const client = credentials.clientId.length <= 128 ? await clients.findById(credentials.clientId) : undefined;
  if (!client) return fail('client_unknown', 'The client_id in the Authorization header is not a registered client.');
  if (client.tokenEndpointAuthMethod !== 'client_secret_basic' || !client.clientSecretHash) {
    return fail('client_auth_method', `This client is registered for ${client.tokenEndpointAuthMethod}, not client_secret_basic.`, client);
  }
  const presented = `sha256$${await sha256Base64Url(credentials.secret)}`;
  if (!(await secretsMatch(presented, client.clientSecretHash))) return fail('client_secret_invalid', 'The client secret is not right.', client);
  return { ok: true, client };
}

function decodeBasic(authorization: string): { clientId: string; secret: string } | undefined {
  const match = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(authorization);
  if (!match) return undefined;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(match[1]!), (character) => character.charCodeAt(0)));
    const colon = text.indexOf(':');
    if (colon < 1) return undefined;
    const decode = (part: string) => decodeURIComponent(part.replaceAll('+', ' '));
    const clientId = decode(text.slice(0, colon));
    const secret = decode(text.slice(colon + 1));
    return clientId && secret ? { clientId, secret } : undefined;
  } catch {
    return undefined;
  }
}
