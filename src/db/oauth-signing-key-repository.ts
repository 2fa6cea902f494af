import { and, desc, eq, gt, isNull, or } from 'drizzle-orm';
import type { Database } from './database';
import { oauthSigningKeys } from './schema/oauth-signing-keys';

export type SigningKeyRow = typeof oauthSigningKeys.$inferSelect;
export type NewSigningKeyRow = typeof oauthSigningKeys.$inferInsert;

/** The gateway's signing keys; see src/db/schema/oauth-signing-keys.ts. */
export class OAuthSigningKeyRepository {
  constructor(private readonly db: Database) {}

  /** The current key of `alg`, if one was generated. */
  async findCurrent(alg: string): Promise<SigningKeyRow | undefined> {
    const [row] = await this.db
      .select()
      .from(oauthSigningKeys)
      .where(and(eq(oauthSigningKeys.alg, alg), isNull(oauthSigningKeys.retiredAt)));
    return row;
  }

  /**
   * Stores `key` as the current key of its algorithm unless another process stored one first
   * (the partial unique index decides); returns whichever key is current afterwards.
   */
  async insertCurrentIfAbsent(key: NewSigningKeyRow): Promise<SigningKeyRow> {
    await this.db.insert(oauthSigningKeys).values({ ...key, retiredAt: null }).onConflictDoNothing();
    const current = await this.findCurrent(key.alg);
    if (!current) throw new Error(`no current ${key.alg} signing key after insert`);
    return current;
  }

  /** Keys still trusted at `since`: the current ones and those retired after it. */
  async findTrusted(since: Date): Promise<SigningKeyRow[]> {
    return this.db
      .select()
      .from(oauthSigningKeys)
      .where(or(isNull(oauthSigningKeys.retiredAt), gt(oauthSigningKeys.retiredAt, since)))
      .orderBy(desc(oauthSigningKeys.createdAt));
  }

  /** Stops signing with `kid`; it stays trusted for the overlap period. */
  async retire(kid: string, at: Date): Promise<void> {
    await this.db.update(oauthSigningKeys).set({ retiredAt: at }).where(eq(oauthSigningKeys.kid, kid));
  }
}
