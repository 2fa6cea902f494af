import { and, eq, gt, lt } from 'drizzle-orm';
import type { Database } from './database';
import { oauthAuthorizationRequests } from './schema/oauth-authorization-requests';

export type AuthorizationRequest = typeof oauthAuthorizationRequests.$inferSelect;
export type NewAuthorizationRequest = typeof oauthAuthorizationRequests.$inferInsert;

/** Pending App Launch authorization requests; see src/db/schema/oauth-authorization-requests.ts. */
export class OAuthAuthorizationRequestRepository {
  constructor(private readonly db: Database) {}

  async insert(request: NewAuthorizationRequest): Promise<void> {
    await this.db.insert(oauthAuthorizationRequests).values(request);
  }

  /** The request with `id` while it has not expired. */
  async findPending(id: string, now: Date): Promise<AuthorizationRequest | undefined> {
    const [row] = await this.db
      .select()
      .from(oauthAuthorizationRequests)
      .where(and(eq(oauthAuthorizationRequests.id, id), gt(oauthAuthorizationRequests.expiresAt, now)));
    return row;
  }

  async setUser(id: string, userId: string): Promise<void> {
    await this.db.update(oauthAuthorizationRequests).set({ userId }).where(eq(oauthAuthorizationRequests.id, id));
  }

  async setConsented(id: string, at: Date): Promise<void> {
    await this.db.update(oauthAuthorizationRequests).set({ consentedAt: at }).where(eq(oauthAuthorizationRequests.id, id));
  }

  /**
   * Ends the request; true for exactly one caller, so one request yields at most one code or one
   * refusal even when a form is submitted twice.
   */
  async complete(id: string): Promise<boolean> {
    const rows = await this.db
      .delete(oauthAuthorizationRequests)
      .where(eq(oauthAuthorizationRequests.id, id))
      .returning({ id: oauthAuthorizationRequests.id });
    return rows.length === 1;
  }

  async pruneExpired(now: Date): Promise<void> {
    await this.db.delete(oauthAuthorizationRequests).where(lt(oauthAuthorizationRequests.expiresAt, now));
  }
}
