import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Sign-in throttling state, per account and per client address, in PostgreSQL so it holds
 * across Node processes and Worker isolates. The key is `account:` or `address:` followed by the
 * SHA-256 of the normalised email or the address, so an unknown email has a row exactly like a
 * known one and no address or email is stored in the clear. Deployment-level, like email
 * addresses (unique across practices), so it carries no practice.
 * @see https://pages.nist.gov/800-63-4/sp800-63b.html#throttle
 */
export const oauthSignInAttempts = pgTable(
  'oauth_sign_in_attempts',
  {
    key: text('key').primaryKey(),
    /** Failed (or still running) attempts since `windowStartedAt`. */
    failures: integer('failures').notNull(),
    windowStartedAt: timestamp('window_started_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** No attempt is accepted before this instant. */
    blockedUntil: timestamp('blocked_until', { withTimezone: true, mode: 'date' }),
  },
  (table) => [index('oauth_sign_in_attempts_window_idx').on(table.windowStartedAt)],
);
