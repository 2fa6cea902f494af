import type { OAuthSignInAttemptRepository } from '../../../db/oauth-sign-in-attempt-repository';
import { sha256Base64Url } from '../../auth/sha256';

/**
 * How failed sign-ins are slowed, then refused: per account (the email as typed, whether or not
 * an account has it, so the answer never reveals which accounts exist) and per client address.
 * After `freeFailures` failures in a window each further failure blocks the key for a doubling
 * delay (1 s, 2 s, 4 s … at most `maxDelayMs`); after `lockoutFailures` it is refused for
 * `lockoutMs`. Counters live in PostgreSQL, so every process and isolate sees the same ones.
 * @see https://pages.nist.gov/800-63-4/sp800-63b.html#throttle
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#account-lockout
 */
export interface ThrottlePolicy {
  freeFailures: number;
  lockoutFailures: number;
  maxDelayMs: number;
  lockoutMs: number;
}

export const ACCOUNT_POLICY: ThrottlePolicy = { freeFailures: 3, lockoutFailures: 10, maxDelayMs: 60_000, lockoutMs: 15 * 60_000 };
export const ADDRESS_POLICY: ThrottlePolicy = { freeFailures: 10, lockoutFailures: 50, maxDelayMs: 60_000, lockoutMs: 15 * 60_000 };
/** Failures older than this are forgotten. */
export const THROTTLE_WINDOW_MS = 15 * 60_000;

interface ThrottleKey {
  key: string;
  policy: ThrottlePolicy;
}

export type AttemptAdmission = { admitted: true; keys: readonly ThrottleKey[]; counts: readonly number[] } | { admitted: false; retryAfterSeconds: number };

export class SignInThrottle {
  constructor(private readonly attempts: OAuthSignInAttemptRepository) {}

  /**
   * Counts this attempt against the account and the address before the password is checked, so
   * parallel guesses are counted too; refuses it while either is blocked or past its lockout.
   */
  async admit(email: string, address: string, now: Date): Promise<AttemptAdmission> {
    const keys: ThrottleKey[] = [
      { key: `account:${await sha256Base64Url(email.trim().toLowerCase())}`, policy: ACCOUNT_POLICY },
      { key: `address:${await sha256Base64Url(address)}`, policy: ADDRESS_POLICY },
    ];
    const windowStart = new Date(now.getTime() - THROTTLE_WINDOW_MS);
    const counts: number[] = [];
    let blockedUntil = 0;
    for (const { key, policy } of keys) {
      const counted = await this.attempts.countAttempt(key, now, windowStart);
      counts.push(counted.failures);
      if (counted.blockedUntil && counted.blockedUntil > now) blockedUntil = Math.max(blockedUntil, counted.blockedUntil.getTime());
      else if (counted.failures > policy.lockoutFailures) {
        const until = now.getTime() + policy.lockoutMs;
        await this.attempts.blockUntil(key, new Date(until));
        blockedUntil = Math.max(blockedUntil, until);
      }
    }
    if (blockedUntil > 0) return { admitted: false, retryAfterSeconds: Math.ceil((blockedUntil - now.getTime()) / 1000) };
    return { admitted: true, keys, counts };
  }

  /** The password was wrong (or the account unknown): block each key as its policy says. */
  async failed(admission: AttemptAdmission & { admitted: true }, now: Date): Promise<void> {
    for (const [index, { key, policy }] of admission.keys.entries()) {
      const delay = delayAfter(admission.counts[index]!, policy);
      if (delay > 0) await this.attempts.blockUntil(key, new Date(now.getTime() + delay));
    }
  }

  /** The password was right: the account starts over, and the address gets its attempt back. */
  async succeeded(admission: AttemptAdmission & { admitted: true }): Promise<void> {
    const [account, address] = admission.keys;
    await this.attempts.clear(account!.key);
    await this.attempts.uncount(address!.key);
  }
}

/** How long a key is blocked after its `failures`-th failure. */
export function delayAfter(failures: number, policy: ThrottlePolicy): number {
  if (failures >= policy.lockoutFailures) return policy.lockoutMs;
  if (failures < policy.freeFailures) return 0;
  return Math.min(1000 * 2 ** (failures - policy.freeFailures), policy.maxDelayMs);
}
