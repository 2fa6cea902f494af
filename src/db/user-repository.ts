import { and, eq, sql } from 'drizzle-orm';
import type { Database } from './database';
import { isUniqueViolation } from './errors';
import { users } from './schema/users';

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

export class EmailTakenError extends Error {
  override readonly name = 'EmailTakenError';
}

/** Trainers' sign-in accounts. Email addresses are unique across the deployment, ignoring case. */
export class UserRepository {
  constructor(private readonly db: Database) {}

  /** @throws EmailTakenError when another account already uses the address. */
  async insert(user: NewUser): Promise<User> {
    try {
      const [row] = await this.db.insert(users).values(user).returning();
      return row!;
    } catch (error) {
      if (isUniqueViolation(error)) throw new EmailTakenError('An account with this email address already exists.');
      throw error;
    }
  }

  async findByEmail(email: string): Promise<User | undefined> {
    const [row] = await this.db
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = lower(${email})`);
    return row;
  }

  async findInPractice(practiceId: string, id: string): Promise<User | undefined> {
    const [row] = await this.db
      .select()
      .from(users)
      .where(and(eq(users.practiceId, practiceId), eq(users.id, id)));
    return row;
  }
}
