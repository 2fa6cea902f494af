import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from './database';
import { oauthSignInAttempts } from './schema/oauth-sign-in-attempts';

export interface CountedAttempt {
  /** Attempts in the current window, this one included (unless it was blocked). */
  failures: number;
  /** When set and in the future, this attempt must be refused. */
  blockedUntil: Date | null;
}

/** Sign-in throttling counters; see src/db/schema/oauth-sign-in-attempts.ts. */
export class OAuthSignInAttemptRepository {
  constructor(private readonly db: Database) {}

  /**
   * Counts an attempt under `key` before the password is checked, in one statement, so that
   * concurrent guesses are counted too. A window older than `windowStart` starts over; a blocked
   * key is not counted (and the returned `blockedUntil` says so).
   */
  async countAttempt(key: string, now: Date, windowStart: Date): Promise<CountedAttempt> {
    const t = oauthSignInAttempts;
    const stale = sql`${t.windowStartedAt} < ${timestamp(windowStart)}`;
    const blocked = sql`${t.blockedUntil} is not null and ${t.blockedUntil} > ${timestamp(now)}`;
    const [row] = await this.db
      .insert(t)
      .values({ key, failures: 1, windowStartedAt: now, blockedUntil: null })
      .onConflictDoUpdate({
        target: t.key,
        set: {
          failures: sql`case when ${blocked} then ${t.failures} when ${stale} then 1 else ${t.failures} + 1 end`,
          windowStartedAt: sql`case when ${blocked} then ${t.windowStartedAt} when ${stale} then ${timestamp(now)} else ${t.windowStartedAt} end`,
        },
      })
      .returning({ failures: t.failures, blockedUntil: t.blockedUntil });
    return row!;
  }

  async blockUntil(key: string, until: Date): Promise<void> {
    await this.db.update(oauthSignInAttempts).set({ blockedUntil: until }).where(eq(oauthSignInAttempts.key, key));
  }

  /** A successful sign-in: the attempt that was counted for it is taken back. */
  async uncount(key: string): Promise<void> {
    await this.db
      .update(oauthSignInAttempts)
      .set({ failures: sql`greatest(${oauthSignInAttempts.failures} - 1, 0)` })
      .where(eq(oauthSignInAttempts.key, key));
  }

  async clear(key: string): Promise<void> {
    await this.db.delete(oauthSignInAttempts).where(eq(oauthSignInAttempts.key, key));
  }

  /** Rows whose window and block are both over. */
  async pruneBefore(cutoff: Date): Promise<void> {
    await this.db
      .delete(oauthSignInAttempts)
      .where(and(lt(oauthSignInAttempts.windowStartedAt, cutoff), or(isNull(oauthSignInAttempts.blockedUntil), lt(oauthSignInAttempts.blockedUntil, cutoff))));
  }
}

/** A Date as a parameter of raw SQL: every driver accepts ISO text cast to timestamptz. */
function timestamp(date: Date) {
  return sql`${date.toISOString()}::timestamptz`;
}
