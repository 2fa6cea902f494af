import { sha256Base64Url } from '../../auth/sha256';
import { revokeGrantFamily } from '../revocation/revoke-grant-family';
import { authenticateForGrant } from './authenticate-for-grant';
import { issueAppTokens } from './issue-app-tokens';
import { verifierMatches } from './pkce';
import type { Grant } from './token-context';
import { tokenRefusal } from './token-refusal';

/**
 * `authorization_code` (SMART App Launch): the client authenticates as registered (public
 * clients by `client_id`), and the code must be unexpired, unused, issued to this client for
 * this `redirect_uri`, and match the PKCE `code_verifier`. A code presented a second time is
 * refused and everything issued from its first exchange is revoked.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#obtain-access-token
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.6
 */
export const authorizationCodeGrant: Grant = async (parameters, context) => {
  const authentication = await authenticateForGrant(parameters, context, 'authorization_code');
  if (!authentication.ok) return authentication;
  const { client } = authentication;
  const code = parameters.get('code');
  if (!code) return tokenRefusal('code_missing', 'code is required: the authorization code from the redirect.', client);
  const codeHash = await sha256Base64Url(code);
  const stored = code.length <= 256 ? await context.repositories.authorizationCodes.findByHash(codeHash) : undefined;
  if (!stored) return tokenRefusal('code_invalid', 'The authorization code is not valid.', client);
  if (stored.consumedAt) {
    context.revoked(await revokeGrantFamily(context.repositories, stored, context.now));
    return tokenRefusal('code_reused', 'The authorization code was already used; the tokens issued for it are revoked.', client);
  }
  if (stored.clientId !== client.id) return tokenRefusal('code_client_mismatch', 'The authorization code was issued to another client.', client);
  if (stored.expiresAt <= context.now) return tokenRefusal('code_expired', 'The authorization code has expired; start the authorization again.', client);
  if (parameters.get('redirect_uri') !== stored.redirectUri) {
    return tokenRefusal('redirect_uri_mismatch', 'redirect_uri must be the one sent in the authorization request.', client);
  }
  const verifier = parameters.get('code_verifier');
  if (!verifier) return tokenRefusal('code_verifier_missing', 'code_verifier is required (PKCE).', client);
  if (!(await verifierMatches(verifier, stored.codeChallenge))) {
    return tokenRefusal('code_verifier_invalid', 'code_verifier does not match the code_challenge of the authorization request (PKCE S256).', client);
  }

  const issued = await issueAppTokens(
    { client, familyId: stored.familyId, userId: stored.userId, practitionerId: stored.practitionerId, grantScope: stored.scope, tokenScope: stored.scope, patientId: stored.patientId, nonce: stored.nonce },
    context,
  );
  const consumed = await context.repositories.transaction(async (tx) => {
    if (!(await tx.authorizationCodes.consume(codeHash, context.now, { jti: issued.token.tokenId, expiresAt: new Date(issued.token.expiresAt * 1000) }))) return false;
    if (issued.refreshRow) await tx.refreshTokens.insert(issued.refreshRow);
    return true;
  });
  if (!consumed) {
    context.revoked(await revokeGrantFamily(context.repositories, stored, context.now));
    return tokenRefusal('code_reused', 'The authorization code was already used; the tokens issued for it are revoked.', client);
  }
  return { ok: true, token: issued.token };
};
