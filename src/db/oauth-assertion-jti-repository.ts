import { lt, sql } from 'drizzle-orm';
import type { Database } from './database';
import { oauthAssertionJtis } from './schema/oauth-assertion-jtis';

/**
 * The replay store of client assertion `jti`s, in PostgreSQL so that it holds across processes
 * and isolates.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/client-confidential-asymmetric.html#signature-verification
 */
export class OAuthAssertionJtiRepository {
  constructor(private readonly db: Database) {}

  /**
   * Records the first use of `jtiHash` by `clientId`, valid until `expiresAt`. Returns false when
   * the same client already used it and that use has not expired: a replay. A row left from an
   * expired use is taken over (the unique key decides between concurrent requests either way).
   */
  async recordFirstUse(clientId: string, jtiHash: string, expiresAt: Date, now: Date): Promise<boolean> {
    const rows = await this.db
      .insert(oauthAssertionJtis)
      .values({ clientId, jtiHash, expiresAt })
      .onConflictDoUpdate({
        target: [oauthAssertionJtis.clientId, oauthAssertionJtis.jtiHash],
        set: { expiresAt: sql`excluded.expires_at` },
        setWhere: lt(oauthAssertionJtis.expiresAt, now),
      })
      .returning({ clientId: oauthAssertionJtis.clientId });
    return rows.length === 1;
  }

  /** Deletes every row that can no longer catch a replay; returns how many. */
  async pruneExpired(now: Date): Promise<number> {
    const rows = await this.db
      .delete(oauthAssertionJtis)
      .where(lt(oauthAssertionJtis.expiresAt, now))
      .returning({ clientId: oauthAssertionJtis.clientId });
    return rows.length;
  }
}
