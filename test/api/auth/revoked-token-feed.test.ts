import { describe, expect, it } from 'vitest';
import { RevokedTokenFeed } from '../../../src/api/auth/revoked-token-feed';

const at = (ms: number) => new Date(ms);

describe('RevokedTokenFeed', () => {
  it('asks the database at most once per poll interval, however many requests check', async () => {
    let loads = 0;
    const table = ['a'];
    const feed = new RevokedTokenFeed(async () => {
      loads += 1;
      return [...table];
    }, 1_000);

    const first = await Promise.all(Array.from({ length: 50 }, () => feed.isRevoked('a', at(0))));
    table.push('b');
    expect(await feed.isRevoked('b', at(999))).toBe(false);
    expect(await feed.isRevoked('b', at(1_000))).toBe(true);

    expect(first.every(Boolean)).toBe(true);
    expect(loads).toBe(2);
  });

  it('applies a revocation made in this process at once, and keeps it across a reload that started earlier', async () => {
    let release: (jtis: string[]) => void = () => {};
    const feed = new RevokedTokenFeed(() => new Promise((resolve) => (release = resolve)), 1_000);
    const pending = feed.isRevoked('x', at(0));
    feed.add('x', at(10));
    release([]);

    expect(await pending).toBe(true);
    expect(await feed.isRevoked('x', at(500))).toBe(true);
  });
});
