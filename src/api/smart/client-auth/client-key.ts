import type { OAuthClient } from '../../../db/oauth-client-repository';
import type { ClientAssertionAlg, ClientJwk } from '../jwks/public-jwks';
import type { RemoteJwksCache } from '../jwks/remote-jwks-cache';
import { assertionFailure, type AssertionFailure } from './assertion-failure';
import type { AssertionHeader } from './assertion-header';

/** Always accepted; RS256/ES256 only when registered for the client or on its key. */
const BASELINE_ALGS: readonly ClientAssertionAlg[] = ['RS384', 'ES384'];

/**
 * The one key of the client that can verify the assertion: from the `jku` (only if it is the
 * registered `jwks_uri`), else the registered JWKS or `jwks_uri`; the keys whose `kid` matches
 * and whose `kty` fits the algorithm — none or several is a failure. An unknown `kid` at a
 * `jwks_uri` triggers one refetch, for clients that rotated their keys.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/client-confidential-asymmetric.html#signature-verification
 */
export async function resolveClientKey(
  client: OAuthClient,
  header: AssertionHeader,
  remoteJwks: RemoteJwksCache,
): Promise<{ ok: true; key: ClientJwk } | AssertionFailure> {
  if (header.jku !== undefined && header.jku !== client.jwksUri) {
    return assertionFailure('jku_mismatch', 'client_assertion header jku is not the jwks_uri registered for this client.', client);
  }
  if (client.jwks) return selectKey(client.jwks.keys as ClientJwk[], header, client, 'the registered JWKS');
  if (!client.jwksUri) return assertionFailure('client_auth_method', 'The client has no registered JWKS or jwks_uri.', client);

  const fetched = await remoteJwks.keys(client.jwksUri);
  if (!fetched.ok) return assertionFailure('jwks_unavailable', `${fetched.problem} The keys of the client could not be read.`, client);
  const selected = selectKey(fetched.keys, header, client, 'the JWKS at the registered jwks_uri');
  if (selected.ok || selected.reason !== 'kid_unknown') return selected;
  const refetched = await remoteJwks.refetch(client.jwksUri);
  if (!refetched) return selected;
  if (!refetched.ok) return assertionFailure('jwks_unavailable', `${refetched.problem} The keys of the client could not be read.`, client);
  return selectKey(refetched.keys, header, client, 'the JWKS at the registered jwks_uri');
}

/**
 * Whether `alg` may sign this client's assertions with `key`: the key's own `alg` if it has one
 * must match; a registered `token_endpoint_auth_signing_alg` is the only one allowed; otherwise
 * RS384 and ES384 (and RS256/ES256 for keys registered with that `alg`).
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/client-confidential-asymmetric.html#registering-a-client-communicating-public-keys
 * @see https://openid.net/specs/openid-connect-registration-1_0.html#ClientMetadata
 */
export function checkAlgorithm(alg: ClientAssertionAlg, key: ClientJwk, client: OAuthClient): AssertionFailure | undefined {
  if (key.alg !== undefined && key.alg !== alg) {
    return assertionFailure('alg_key_mismatch', `client_assertion alg ${alg} does not match alg ${key.alg} of key "${key.kid}".`, client);
  }
  const registered = client.tokenEndpointAuthSigningAlg;
  const allowed = registered ? alg === registered : BASELINE_ALGS.includes(alg) || key.alg === alg;
  if (!allowed) {
    return assertionFailure(
      'alg_not_registered',
      `client_assertion alg ${alg} is not registered for this client; use ${registered ?? BASELINE_ALGS.join(' or ')}.`,
      client,
    );
  }
  return undefined;
}

function selectKey(keys: readonly ClientJwk[], header: AssertionHeader, client: OAuthClient, where: string): { ok: true; key: ClientJwk } | AssertionFailure {
  const kty = header.alg.startsWith('ES') ? 'EC' : 'RSA';
  const matches = keys.filter((key) => key.kid === header.kid && key.kty === kty);
  if (matches.length === 1) return { ok: true, key: matches[0]! };
  if (matches.length === 0) {
    return assertionFailure('kid_unknown', `client_assertion kid "${header.kid}" matches no ${kty} key in ${where}.`, client);
  }
  return assertionFailure('kid_ambiguous', `client_assertion kid "${header.kid}" matches ${matches.length} ${kty} keys in ${where}; it must identify exactly one.`, client);
}
