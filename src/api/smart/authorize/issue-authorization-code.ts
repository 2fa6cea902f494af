import type { AuthorizationRequest } from '../../../db/oauth-authorization-request-repository';
import type { OAuthRepositories } from '../../../db/oauth-repositories';
import type { User } from '../../../db/user-repository';
import { encodeBase64Url } from '../../../lib/base64url';
import { newId } from '../../../lib/ids';
import { sha256Base64Url } from '../../auth/sha256';

/**
 * Codes are exchanged at once by the app's backend or browser: one minute is ample, and short
 * enough to make a stolen code nearly worthless even before PKCE.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2 (a maximum of 10 minutes is RECOMMENDED)
 */
export const AUTHORIZATION_CODE_LIFETIME_MS = 60_000;

/**
 * Ends the authorization request and stores a single-use code bound to its client, redirect URI,
 * PKCE challenge, trainer, scope and patient. Undefined when the request was already completed
 * (a form submitted twice).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 */
export async function issueAuthorizationCode(
  repositories: OAuthRepositories,
  request: AuthorizationRequest,
  user: User,
  patientId: string | undefined,
  now: Date,
): Promise<string | undefined> {
  const code = encodeBase64Url(crypto.getRandomValues(new Uint8Array(32)));
  const codeHash = await sha256Base64Url(code);
  const issued = await repositories.transaction(async (tx) => {
    if (!(await tx.authorizationRequests.complete(request.id))) return false;
    await tx.authorizationCodes.insert({
      codeHash,
      practiceId: request.practiceId,
      clientId: request.clientId,
      userId: user.id,
      practitionerId: user.practitionerId,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      scope: request.scope,
      patientId: patientId ?? null,
      nonce: request.nonce,
      familyId: newId(),
      expiresAt: new Date(now.getTime() + AUTHORIZATION_CODE_LIFETIME_MS),
      createdAt: now,
    });
    return true;
  });
  return issued ? code : undefined;
}
