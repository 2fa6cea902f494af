import { eq } from 'drizzle-orm';
import { isUuid } from '../lib/ids';
import type { Database } from './database';
import { practices } from './schema/practices';

export type Practice = typeof practices.$inferSelect;
export type NewPractice = typeof practices.$inferInsert;

/** Practices are the tenants; this repository is deployment-level (admin) and not tenant-scoped. */
export class PracticeRepository {
  constructor(private readonly db: Database) {}

  async insert(practice: NewPractice): Promise<Practice> {
    const [row] = await this.db.insert(practices).values(practice).returning();
    return row!;
  }

  async findById(id: string): Promise<Practice | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await this.db.select().from(practices).where(eq(practices.id, id));
    return row;
  }
}
