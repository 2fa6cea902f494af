import { asc } from 'drizzle-orm';
import type { Database } from '../database';
import { directTrustAnchors } from '../schema/direct-trust-anchors';

export type TrustAnchor = typeof directTrustAnchors.$inferSelect;

/** The deployment's Direct trust anchors; see src/db/schema/direct-trust-anchors.ts. */
export class TrustAnchorRepository {
  constructor(private readonly db: Database) {}

  /** Stores the anchor unless one with the same fingerprint exists; returns the stored row either way. */
  async insertIfAbsent(anchor: TrustAnchor): Promise<{ anchor: TrustAnchor; created: boolean }> {
    const [inserted] = await this.db.insert(directTrustAnchors).values(anchor).onConflictDoNothing().returning();
    if (inserted) return { anchor: inserted, created: true };
    const existing = (await this.list()).find((row) => row.fingerprint === anchor.fingerprint);
    if (!existing) throw new Error('trust anchor neither inserted nor found');
    return { anchor: existing, created: false };
  }

  async list(): Promise<TrustAnchor[]> {
    return this.db.select().from(directTrustAnchors).orderBy(asc(directTrustAnchors.createdAt));
  }
}
