import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../database';
import { directIdentities } from '../schema/direct-identities';

export type DirectIdentity = typeof directIdentities.$inferSelect;

export class AddressTakenError extends Error {
  override readonly name = 'AddressTakenError';
}

/** Practices' Direct addresses, certificates and (encrypted) private keys. */
export class DirectIdentityRepository {
  constructor(private readonly db: Database) {}

  /**
   * Stores the identity, or replaces the certificate and key of the practice's identity with the
   * same address (certificate renewal).
   * @throws AddressTakenError when another practice owns the address.
   */
  async upsert(identity: DirectIdentity): Promise<{ identity: DirectIdentity; created: boolean }> {
    const existing = await this.findByAddress(identity.address);
    if (existing && existing.practiceId !== identity.practiceId) {
      throw new AddressTakenError('Another practice already uses this Direct address.');
    }
    if (existing) {
      const [updated] = await this.db
        .update(directIdentities)
        .set({ certificatePem: identity.certificatePem, privateKeyCiphertext: identity.privateKeyCiphertext, updatedAt: identity.updatedAt })
        .where(eq(directIdentities.id, existing.id))
        .returning();
      return { identity: updated!, created: false };
    }
    const [inserted] = await this.db.insert(directIdentities).values(identity).returning();
    return { identity: inserted!, created: true };
  }

  /** The identity of `address` (case-insensitive), whichever practice owns it. */
  async findByAddress(address: string): Promise<DirectIdentity | undefined> {
    const [row] = await this.db
      .select()
      .from(directIdentities)
      .where(sql`lower(${directIdentities.address}) = lower(${address})`);
    return row;
  }

  async listOfPractice(practiceId: string): Promise<DirectIdentity[]> {
    return this.db
      .select()
      .from(directIdentities)
      .where(eq(directIdentities.practiceId, practiceId))
      .orderBy(asc(directIdentities.createdAt), asc(directIdentities.id));
  }

  async findInPractice(practiceId: string, address: string): Promise<DirectIdentity | undefined> {
    const [row] = await this.db
      .select()
      .from(directIdentities)
      .where(and(eq(directIdentities.practiceId, practiceId), sql`lower(${directIdentities.address}) = lower(${address})`));
    return row;
  }
}
