import { compactVerify, importJWK } from 'jose';
import type { OAuthAssertionJtiRepository } from '../../../db/oauth-assertion-jti-repository';
import type { OAuthClient, OAuthClientRepository } from '../../../db/oauth-client-repository';
import { sha256Base64Url } from '../../auth/sha256';
import type { RemoteJwksCache } from '../jwks/remote-jwks-cache';
import { assertionFailure, type AssertionFailure } from './assertion-failure';
import { checkAssertionClaims } from './assertion-claims';
import { checkAssertionHeader } from './assertion-header';
import { decodeAssertion } from './assertion-parts';
import { checkAlgorithm, resolveClientKey } from './client-key';

export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface ClientAssertionRequest {
  clientAssertionType: string | undefined;
  clientAssertion: string | undefined;
  /** The optional `client_id` form parameter; when present it must name the assertion's client. */
  clientId: string | undefined;
}

export interface ClientAssertionContext {
  clients: OAuthClientRepository;
  assertionJtis: OAuthAssertionJtiRepository;
  remoteJwks: RemoteJwksCache;
  tokenEndpoint: string;
  now: Date;
}

export type ClientAuthentication = { ok: true; client: OAuthClient } | AssertionFailure;

/**
 * `private_key_jwt` client authentication: every check of SMART's asymmetric client profile, in
 * an order that never touches a key before the header is acceptable and never records a `jti`
 * before the signature and claims are good (so forged assertions cannot burn a client's `jti`s).
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/client-confidential-asymmetric.html#signature-verification
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3
 * @see https://www.rfc-editor.org/rfc/rfc7521#section-4.2
 */
export async function authenticateClientByAssertion(request: ClientAssertionRequest, context: ClientAssertionContext): Promise<ClientAuthentication> {
  if (request.clientAssertionType !== JWT_BEARER_ASSERTION_TYPE) {
    return assertionFailure('client_assertion_type', `client_assertion_type must be ${JWT_BEARER_ASSERTION_TYPE}.`);
  }
  if (!request.clientAssertion) return assertionFailure('client_assertion_missing', 'client_assertion is required: a JWT signed with your private key.');
  const parts = decodeAssertion(request.clientAssertion);
  if (!parts.ok) return parts;
  const header = checkAssertionHeader(parts.header);
  if (!header.ok) return header;

  const { iss, sub } = parts.claims;
  if (typeof iss !== 'string' || typeof sub !== 'string' || iss === '' || iss !== sub) {
    return assertionFailure('iss_sub_mismatch', 'client_assertion iss and sub must both be your client_id.');
  }
  if (request.clientId !== undefined && request.clientId !== sub) {
    return assertionFailure('client_id_mismatch', 'The client_id parameter differs from the client_assertion sub.');
  }
  const client = sub.length <= 128 ? await context.clients.findById(sub) : undefined;
  if (!client) return assertionFailure('client_unknown', 'client_assertion sub is not a registered client_id.');
  if (client.tokenEndpointAuthMethod !== 'private_key_jwt') {
    return assertionFailure('client_auth_method', `This client is registered for ${client.tokenEndpointAuthMethod}, not private_key_jwt.`, client);
  }

  const resolved = await resolveClientKey(client, header, context.remoteJwks);
  if (!resolved.ok) return resolved;
  const algorithmProblem = checkAlgorithm(header.alg, resolved.key, client);
  if (algorithmProblem) return algorithmProblem;
  if (!(await signatureVerifies(request.clientAssertion, resolved.key, header.alg))) {
    return assertionFailure('signature_invalid', `client_assertion signature does not verify with key "${header.kid}" (${header.alg}).`, client);
  }

  const claims = checkAssertionClaims(parts.claims, { tokenEndpoint: context.tokenEndpoint, now: context.now });
  if (!claims.ok) return { ...claims, client };
  const firstUse = await context.assertionJtis.recordFirstUse(client.id, await sha256Base64Url(claims.jti), claims.replayWindowEnd, context.now);
  if (!firstUse) return assertionFailure('jti_replayed', 'client_assertion jti was already used: every assertion must have a new jti.', client);
  return { ok: true, client };
}

async function signatureVerifies(assertion: string, key: Parameters<typeof importJWK>[0], alg: string): Promise<boolean> {
  try {
    await compactVerify(assertion, await importJWK(key, alg), { algorithms: [alg] });
    return true;
  } catch {
    return false;
  }
}

