import { describe, expect, it } from 'vitest';
import { PASSWORD_ITERATIONS, hashPassword, verifyPassword } from '../../src/lib/password-hash';

describe('password hashing', () => {
  it('uses PBKDF2-SHA-256 with at least 600,000 iterations by default', async () => {
    expect(PASSWORD_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^pbkdf2-sha256\$600000\$[\w-]{22}\$[\w-]{43}$/);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery staple', 1000);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false);
  });

  it('salts every hash, so the same password never hashes alike', async () => {
    const [first, second] = await Promise.all([hashPassword('same password', 1000), hashPassword('same password', 1000)]);
    expect(first).not.toBe(second);
  });

  it('refuses malformed stored hashes instead of throwing', async () => {
    for (const stored of ['', 'plain', 'md5$1$a$b', 'pbkdf2-sha256$x$abc$def', 'pbkdf2-sha256$1000$!!$def']) {
      expect(await verifyPassword('anything', stored)).toBe(false);
    }
  });
});
