import type { OAuthRepositories } from '../../../db/oauth-repositories';
import { THROTTLE_WINDOW_MS } from '../authorize/sign-in-throttle';

/** A used or expired code is kept this long, so that a late second exchange is still recognised as reuse. */
const CODE_REUSE_MEMORY_MS = 24 * 60 * 60_000;

/**
 * Deletes App Launch rows that can no longer matter: abandoned authorization requests, codes past
 * their reuse memory, expired refresh tokens, finished sign-in throttling windows.
 */
export async function pruneAppLaunchRows(repositories: OAuthRepositories, now: Date): Promise<void> {
  await repositories.authorizationRequests.pruneExpired(now);
  await repositories.authorizationCodes.pruneExpiredBefore(new Date(now.getTime() - CODE_REUSE_MEMORY_MS));
  await repositories.refreshTokens.pruneExpired(now);
  await repositories.signInAttempts.pruneBefore(new Date(now.getTime() - THROTTLE_WINDOW_MS));
}
