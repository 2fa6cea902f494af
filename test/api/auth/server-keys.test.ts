import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerKeyStore } from '../../../src/api/auth/server-keys';
import { OAuthSigningKeyRepository } from '../../../src/db/oauth-signing-key-repository';
import { fixedClock } from '../../../src/lib/clock';
import type { NodeDatabase } from '../../../src/node/database';
import { openTestDatabase, testDatabaseKind } from '../../support/test-database';

let database: NodeDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

describe(`ServerKeyStore on ${testDatabaseKind}`, () => {
  it('rotates a key: the new one signs, both are published until the overlap ends', async () => {
    const clock = fixedClock(new Date());
    const repository = new OAuthSigningKeyRepository(database.db);
    const store = new ServerKeyStore({ clock, overlapMs: 60_000 });
    const before = await store.signingKey(repository, 'RS256');

    const after = await store.rotate(repository, 'RS256');

    expect(after.kid).not.toBe(before.kid);
    expect((await store.signingKey(repository, 'RS256')).kid).toBe(after.kid);
    const published = (await store.publicJwks(repository)).keys.map((key) => key.kid);
    expect(published).toEqual(expect.arrayContaining([before.kid, after.kid]));
    expect(await store.verificationKey(before.kid, () => repository)).toBeDefined();

    clock.advance(60_001);
    const other = new ServerKeyStore({ clock, overlapMs: 60_000 });
    expect((await other.publicJwks(repository)).keys.map((key) => key.kid)).not.toContain(before.kid);
    expect(await other.verificationKey(before.kid, () => repository)).toBeUndefined();
  });

  it('never hands out private key material: the signing key is not extractable', async () => {
    const store = new ServerKeyStore({ clock: fixedClock(new Date()) });
    const key = await store.signingKey(new OAuthSigningKeyRepository(database.db), 'ES256');

    expect(key.privateKey.extractable).toBe(false);
    expect(JSON.stringify(await store.publicJwks(new OAuthSigningKeyRepository(database.db)))).not.toMatch(/"d":/);
  });
});
