import { eq, gt, lt } from 'drizzle-orm';
import type { Database } from './database';
import { oauthRevokedTokens } from './schema/oauth-revoked-tokens';

export type RevokedToken = typeof oauthRevokedTokens.$inferInsert;

/**
 * Access tokens revoked before they expire. Bearer verification reads it; revocation (RFC 7009)
 * and authorization-code reuse detection write it.
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2
 */
export class OAuthRevokedTokenRepository {
  constructor(private readonly db: Database) {}

  async isRevoked(jti: string): Promise<boolean> {
    const rows = await this.db
      .select({ jti: oauthRevokedTokens.jti })
      .from(oauthRevokedTokens)
      .where(eq(oauthRevokedTokens.jti, jti));
    return rows.length > 0;
  }

  /** Every revoked token that has not expired yet: what bearer verification must refuse. */
  async listUnexpired(now: Date): Promise<string[]> {
    const rows = await this.db.select({ jti: oauthRevokedTokens.jti }).from(oauthRevokedTokens).where(gt(oauthRevokedTokens.expiresAt, now));
    return rows.map((row) => row.jti);
  }

  /** Idempotent: revoking a revoked token changes nothing. */
  async revoke(token: RevokedToken): Promise<void> {
    await this.db.insert(oauthRevokedTokens).values(token).onConflictDoNothing();
  }

  async pruneExpired(now: Date): Promise<void> {
    await this.db.delete(oauthRevokedTokens).where(lt(oauthRevokedTokens.expiresAt, now));
  }
}
