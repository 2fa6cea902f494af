import { covers } from '../../auth/scope-ceiling';
import { sha256Base64Url } from '../../auth/sha256';
import { parseScopeList, type SmartScope } from '../../auth/smart-scopes';
import { scopeText } from '../authorize/authorization-request';
import { revokeGrantFamily } from '../revocation/revoke-grant-family';
import { authenticateForGrant } from './authenticate-for-grant';
import { issueAppTokens } from './issue-app-tokens';
import type { Grant } from './token-context';
import { tokenRefusal } from './token-refusal';

/**
 * `refresh_token`: rotated on every use (the old token stops working, a new one of the same
 * family and scope is issued). A rotated or revoked token presented again means it leaked:
 * the whole family is revoked. `scope` may narrow the new access token, never widen it.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#step-7-app-uses-a-refresh-token-to-obtain-a-new-access-token
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 * @see https://datatracker.ietf.org/doc/html/rfc9700#section-4.14.2
 */
export const refreshTokenGrant: Grant = async (parameters, context) => {
  const authentication = await authenticateForGrant(parameters, context, 'refresh_token');
  if (!authentication.ok) return authentication;
  const { client } = authentication;
  const presented = parameters.get('refresh_token');
  if (!presented) return tokenRefusal('refresh_token_missing', 'refresh_token is required.', client);
  const tokenHash = await sha256Base64Url(presented);
  const stored = presented.length <= 256 ? await context.repositories.refreshTokens.findByHash(tokenHash) : undefined;
  if (!stored || stored.clientId !== client.id) return tokenRefusal('refresh_token_invalid', 'The refresh token is not valid for this client.', client);
  const reuse = async () => {
    context.revoked(await revokeGrantFamily(context.repositories, stored, context.now));
    return tokenRefusal('refresh_token_reused', 'The refresh token was already used or revoked; every token of this authorization is now revoked.', client);
  };
  if (stored.rotatedAt || stored.revokedAt) return reuse();
  if (stored.expiresAt <= context.now) return tokenRefusal('refresh_token_expired', 'The refresh token has expired; authorize again.', client);

  let tokenScope = stored.scope;
  const requested = parameters.get('scope');
  if (requested) {
    const asked = parseScopeList(requested);
    const original = parseScopeList(stored.scope).scopes;
    const withinGrant = (scope: SmartScope) =>
      scope.kind === 'named'
        ? original.some((granted) => granted.kind === 'named' && granted.value === scope.value)
        : original.some((granted) => granted.kind === 'clinical' && covers(granted, scope));
    if (asked.unrecognized.length || asked.scopes.length === 0 || !asked.scopes.every(withinGrant)) {
      return tokenRefusal('refresh_scope_widened', `scope may only narrow the original grant (${stored.scope}).`, client);
    }
    tokenScope = scopeText(asked.scopes);
  }
  const issued = await issueAppTokens(
    { client, familyId: stored.familyId, userId: stored.userId, practitionerId: stored.practitionerId, grantScope: stored.scope, tokenScope, patientId: stored.patientId },
    context,
  );
  const rotated = await context.repositories.transaction(async (tx) => {
    if (!(await tx.refreshTokens.rotate(tokenHash, context.now))) return false;
    if (issued.refreshRow) await tx.refreshTokens.insert(issued.refreshRow);
    return true;
  });
  if (!rotated) return reuse();
  return { ok: true, token: issued.token };
};
