import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/db/resource-store/types';
import { contentOf, openStoreFixture, rowCounts, searchIds, versionRows, type StoreFixture } from './store-fixture';

let fixture: StoreFixture;
beforeAll(async () => {
  fixture = await openStoreFixture();
});
afterAll(() => fixture.close());

const mrn = (value: string) => ({ system: 'urn:test:mrn', value });

describe('rollback of failed writes (DESIGN.md Storage: index maintained in the same transaction as the write)', () => {
  it('leaves no resources row, no resource_versions row and no index rows when a create fails to index', async () => {
    const store = await fixture.newStore();
    await store.create({ resourceType: 'Patient', identifier: [mrn('taken')], name: [{ family: 'First' }] });
    const before = await rowCounts(fixture, store.practiceId);

    await expect(
      store.create({
        resourceType: 'Patient',
        identifier: [mrn('taken')],
        name: [{ family: 'Second' }],
        birthDate: '1980-04-01',
        meta: { profile: ['http://example.org/profile'] },
      }),
    ).rejects.toMatchObject({ reason: 'duplicate-identifier' });

    expect(await rowCounts(fixture, store.practiceId)).toEqual(before);
    expect(await searchIds(store, 'Patient', 'family=second')).toEqual([]);
    expect(await searchIds(store, 'Patient')).toHaveLength(1);
  });

  it('keeps the previous version current, with its index, when an update fails on its index write', async () => {
    const store = await fixture.newStore();
    await store.create({ resourceType: 'Patient', identifier: [mrn('held')] });
    const { resource } = await store.create({
      resourceType: 'Patient',
      identifier: [mrn('own')],
      name: [{ family: 'Original' }],
    });
    const before = await rowCounts(fixture, store.practiceId);

    await expect(
      store.update({
        resourceType: 'Patient',
        id: resource.id,
        identifier: [mrn('held')],
        name: [{ family: 'Changed' }],
      }),
    ).rejects.toMatchObject({ reason: 'duplicate-identifier' });

    expect(await rowCounts(fixture, store.practiceId)).toEqual(before);
    expect(await versionRows(fixture, store.practiceId, 'Patient', resource.id)).toEqual([
      { versionId: 1, deleted: false },
    ]);
    const current = await store.read('Patient', resource.id);
    expect(current).toEqual(resource);
    expect(contentOf(current).name).toEqual([{ family: 'Original' }]);
    expect(await searchIds(store, 'Patient', 'identifier=urn:test:mrn|own')).toEqual([resource.id]);
    expect(await searchIds(store, 'Patient', 'family=original')).toEqual([resource.id]);
    expect(await searchIds(store, 'Patient', 'family=changed')).toEqual([]);
  });

  it('rolls back only the failed write inside a larger transaction, which still commits the rest', async () => {
    const store = await fixture.newStore();
    await store.create({ resourceType: 'Patient', identifier: [mrn('held')] });

    const outcome = await fixture.repositories.transaction(async (tx) => {
      const inner = fixture.storeOf(tx, store.practiceId);
      await inner.create({ resourceType: 'Observation', status: 'preliminary' });
      const failure = await inner.create({ resourceType: 'Patient', identifier: [mrn('held')] }).catch((error) => error);
      await inner.create({ resourceType: 'Observation', status: 'final' });
      return failure;
    });

    expect(outcome).toBeInstanceOf(StoreError);
    expect(await searchIds(store, 'Observation')).toHaveLength(2);
    expect(await searchIds(store, 'Patient')).toHaveLength(1);
    expect((await rowCounts(fixture, store.practiceId)).resourceVersions).toBe(4);
  });

  it('discards every write of a transaction that fails as a whole', async () => {
    const store = await fixture.newStore();
    const before = await rowCounts(fixture, store.practiceId);

    await expect(
      store.transaction(async (tx) => {
        await tx.create({ resourceType: 'Observation', status: 'final', identifier: [mrn('gone')] });
        throw new Error('the business change failed');
      }),
    ).rejects.toThrow('the business change failed');

    expect(await rowCounts(fixture, store.practiceId)).toEqual(before);
  });
});
