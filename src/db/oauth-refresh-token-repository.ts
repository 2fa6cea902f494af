import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Database } from './database';
import { oauthRefreshTokens } from './schema/oauth-refresh-tokens';

export type RefreshToken = typeof oauthRefreshTokens.$inferSelect;
export type NewRefreshToken = typeof oauthRefreshTokens.$inferInsert;

/** Refresh tokens by hash, in rotation families; see src/db/schema/oauth-refresh-tokens.ts. */
export class OAuthRefreshTokenRepository {
  constructor(private readonly db: Database) {}

  async insert(token: NewRefreshToken): Promise<void> {
    await this.db.insert(oauthRefreshTokens).values(token);
  }

  async findByHash(tokenHash: string): Promise<RefreshToken | undefined> {
    const [row] = await this.db.select().from(oauthRefreshTokens).where(eq(oauthRefreshTokens.tokenHash, tokenHash));
    return row;
  }

  /** Marks the token used; false when it was already rotated or revoked (a reuse). */
  async rotate(tokenHash: string, at: Date): Promise<boolean> {
    const rows = await this.db
      .update(oauthRefreshTokens)
      .set({ rotatedAt: at })
      .where(and(eq(oauthRefreshTokens.tokenHash, tokenHash), isNull(oauthRefreshTokens.rotatedAt), isNull(oauthRefreshTokens.revokedAt)))
      .returning({ tokenHash: oauthRefreshTokens.tokenHash });
    return rows.length === 1;
  }

  /** Revokes every refresh token of the family; returns the access tokens issued with them. */
  async revokeFamily(familyId: string, at: Date): Promise<{ jti: string; expiresAt: Date }[]> {
    await this.db
      .update(oauthRefreshTokens)
      .set({ revokedAt: at })
      .where(and(eq(oauthRefreshTokens.familyId, familyId), isNull(oauthRefreshTokens.revokedAt)));
    return this.db
      .select({ jti: oauthRefreshTokens.accessTokenJti, expiresAt: oauthRefreshTokens.accessTokenExpiresAt })
      .from(oauthRefreshTokens)
      .where(eq(oauthRefreshTokens.familyId, familyId));
  }

  async pruneExpired(now: Date): Promise<void> {
    await this.db.delete(oauthRefreshTokens).where(lt(oauthRefreshTokens.expiresAt, now));
  }
}
