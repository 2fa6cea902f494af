import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../database';
import { isUniqueViolation } from '../errors';
import { directPartners } from '../schema/direct-partners';

export type DirectPartner = typeof directPartners.$inferSelect;

export class PartnerExistsError extends Error {
  override readonly name = 'PartnerExistsError';
}

/** A practice's referring physicians and how to reach them. Every statement carries the practice. */
export class DirectPartnerRepository {
  constructor(private readonly db: Database) {}

  /** @throws PartnerExistsError when the practice already has a partner at this address. */
  async insert(partner: DirectPartner): Promise<DirectPartner> {
    try {
      const [row] = await this.db.insert(directPartners).values(partner).returning();
      return row!;
    } catch (error) {
      if (isUniqueViolation(error)) throw new PartnerExistsError('This practice already has a partner with this Direct address.');
      throw error;
    }
  }

  async listOfPractice(practiceId: string): Promise<DirectPartner[]> {
    return this.db
      .select()
      .from(directPartners)
      .where(eq(directPartners.practiceId, practiceId))
      .orderBy(asc(directPartners.name), asc(directPartners.id));
  }

  async findByAddress(practiceId: string, address: string): Promise<DirectPartner | undefined> {
    const [row] = await this.db
      .select()
      .from(directPartners)
      .where(and(eq(directPartners.practiceId, practiceId), sql`lower(${directPartners.address}) = lower(${address})`));
    return row;
  }
}
