import { eq } from 'drizzle-orm';
import type { Database } from './database';
import { oauthClients } from './schema/oauth-clients';

export type OAuthClient = typeof oauthClients.$inferSelect;
export type NewOAuthClient = typeof oauthClients.$inferInsert;

/**
 * Registered OAuth clients. Lookup by `client_id` is deployment-level: the token endpoint learns
 * the practice from the client, never the other way round.
 */
export class OAuthClientRepository {
  constructor(private readonly db: Database) {}

  async insert(client: NewOAuthClient): Promise<OAuthClient> {
    const [row] = await this.db.insert(oauthClients).values(client).returning();
    return row!;
  }

  async findById(clientId: string): Promise<OAuthClient | undefined> {
    const [row] = await this.db.select().from(oauthClients).where(eq(oauthClients.id, clientId));
    return row;
  }
}
