import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Database } from './database';
import { oauthAuthorizationCodes } from './schema/oauth-authorization-codes';

export type AuthorizationCode = typeof oauthAuthorizationCodes.$inferSelect;
export type NewAuthorizationCode = typeof oauthAuthorizationCodes.$inferInsert;

/** Authorization codes by hash; see src/db/schema/oauth-authorization-codes.ts. */
export class OAuthAuthorizationCodeRepository {
  constructor(private readonly db: Database) {}

  async insert(code: NewAuthorizationCode): Promise<void> {
    await this.db.insert(oauthAuthorizationCodes).values(code);
  }

  async findByHash(codeHash: string): Promise<AuthorizationCode | undefined> {
    const [row] = await this.db.select().from(oauthAuthorizationCodes).where(eq(oauthAuthorizationCodes.codeHash, codeHash));
    return row;
  }

  /**
   * Marks the code used and records the access token it produced; false when it was already
   * used (the database decides between concurrent exchanges).
   */
  async consume(codeHash: string, at: Date, accessToken: { jti: string; expiresAt: Date }): Promise<boolean> {
    const rows = await this.db
      .update(oauthAuthorizationCodes)
      .set({ consumedAt: at, accessTokenJti: accessToken.jti, accessTokenExpiresAt: accessToken.expiresAt })
      .where(and(eq(oauthAuthorizationCodes.codeHash, codeHash), isNull(oauthAuthorizationCodes.consumedAt)))
      .returning({ codeHash: oauthAuthorizationCodes.codeHash });
    return rows.length === 1;
  }

  /** The access tokens issued directly from codes of `familyId`. */
  async accessTokensOfFamily(familyId: string): Promise<{ jti: string; expiresAt: Date }[]> {
    const rows = await this.db
      .select({ jti: oauthAuthorizationCodes.accessTokenJti, expiresAt: oauthAuthorizationCodes.accessTokenExpiresAt })
      .from(oauthAuthorizationCodes)
      .where(eq(oauthAuthorizationCodes.familyId, familyId));
    return rows.flatMap((row) => (row.jti && row.expiresAt ? [{ jti: row.jti, expiresAt: row.expiresAt }] : []));
  }

  /** Codes stay long enough after expiry to recognise a late reuse; then they go. */
  async pruneExpiredBefore(cutoff: Date): Promise<void> {
    await this.db.delete(oauthAuthorizationCodes).where(lt(oauthAuthorizationCodes.expiresAt, cutoff));
  }
}
