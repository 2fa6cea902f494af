import { describe, expect, it } from 'vitest';
import { VerifiedTokenCache, type VerifiedToken } from '../../../src/api/auth/verified-token-cache';

const entry = (jti: string, expiresAt: number): VerifiedToken => ({
  principal: { practiceId: 'p', actor: { kind: 'client', clientId: 'c' }, scopes: [] },
  jti,
  expiresAt,
});

describe('VerifiedTokenCache', () => {
  it('never holds more than its bound: expired entries go first, then the oldest', () => {
    const cache = new VerifiedTokenCache(3);
    cache.set('a', entry('a', 2_000), 0);
    cache.set('b', entry('b', 500), 0);
    cache.set('c', entry('c', 2_000), 0);

    cache.set('d', entry('d', 2_000), 1_000);
    expect(cache.size).toBe(3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();

    cache.set('e', entry('e', 2_000), 1_000);
    expect(cache.size).toBe(3);
    expect(cache.get('a')).toBeUndefined();
  });

  it('forgets every entry of a jti', () => {
    const cache = new VerifiedTokenCache(10);
    cache.set('x', entry('same', 2_000), 0);
    cache.set('y', entry('same', 2_000), 0);

    cache.forget('same');

    expect(cache.size).toBe(0);
  });
});
