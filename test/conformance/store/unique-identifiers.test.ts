import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/db/resource-store/types';
import { openStoreFixture, searchIds, type StoreFixture } from './store-fixture';

let fixture: StoreFixture;
beforeAll(async () => {
  fixture = await openStoreFixture();
});
afterAll(() => fixture.close());

const mrn = (value: string) => ({ system: 'urn:test:mrn', value });

describe('unique identifiers per practice (DESIGN.md Storage: one real-world party, one resource)', () => {
  it.each(['Patient', 'Practitioner', 'Organization'])(
    'refuses a second %s with the same identifier system|value in the same practice',
    async (resourceType) => {
      const store = await fixture.newStore();
      await store.create({ resourceType, identifier: [mrn('dup-1')] });

      const second = store.create({ resourceType, identifier: [{ value: 'other' }, mrn('dup-1')] });

      await expect(second).rejects.toBeInstanceOf(StoreError);
      await expect(second).rejects.toMatchObject({ reason: 'duplicate-identifier' });
      expect(await searchIds(store, resourceType, 'identifier=urn:test:mrn|dup-1')).toHaveLength(1);
    },
  );

  it('allows the same Patient identifier in another practice', async () => {
    const first = await fixture.newStore();
    const second = await fixture.newStore();
    await first.create({ resourceType: 'Patient', identifier: [mrn('shared')] });

    const { outcome } = await second.create({ resourceType: 'Patient', identifier: [mrn('shared')] });

    expect(outcome).toBe('created');
  });

  it('allows the same identifier on resources of different unique types in one practice', async () => {
    const store = await fixture.newStore();
    await store.create({ resourceType: 'Patient', identifier: [mrn('cross-type')] });

    const { outcome } = await store.create({ resourceType: 'Practitioner', identifier: [mrn('cross-type')] });

    expect(outcome).toBe('created');
  });

  it('allows the same value under a different system, and identifiers without a system to repeat', async () => {
    const store = await fixture.newStore();
    await store.create({ resourceType: 'Patient', identifier: [mrn('v-1'), { value: 'no-system' }] });

    await store.create({ resourceType: 'Patient', identifier: [{ system: 'urn:test:other', value: 'v-1' }] });
    await store.create({ resourceType: 'Patient', identifier: [{ value: 'no-system' }] });

    expect(await searchIds(store, 'Patient', 'identifier=v-1')).toHaveLength(2);
  });

  it('does not make identifiers unique for types outside Patient, Practitioner and Organization', async () => {
    const store = await fixture.newStore();
    await store.create({ resourceType: 'Observation', identifier: [mrn('obs')] });

    const { outcome } = await store.create({ resourceType: 'Observation', identifier: [mrn('obs')] });

    expect(outcome).toBe('created');
  });

  it('accepts a Patient that lists the same identifier twice', async () => {
    const store = await fixture.newStore();

    const { outcome } = await store.create({ resourceType: 'Patient', identifier: [mrn('twice'), mrn('twice')] });

    expect(outcome).toBe('created');
  });

  it('keeps a Patient its own identifier when it is updated', async () => {
    const store = await fixture.newStore();
    const { resource } = await store.create({ resourceType: 'Patient', identifier: [mrn('own')] });

    const updated = await store.update({ resourceType: 'Patient', id: resource.id, identifier: [mrn('own')], active: true });

    expect(updated.versionId).toBe(2);
  });

  it('frees an identifier when the Patient holding it is updated without it', async () => {
    const store = await fixture.newStore();
    const { resource } = await store.create({ resourceType: 'Patient', identifier: [mrn('freed')] });
    await store.update({ resourceType: 'Patient', id: resource.id, identifier: [mrn('replacement')] });

    const { outcome } = await store.create({ resourceType: 'Patient', identifier: [mrn('freed')] });

    expect(outcome).toBe('created');
  });

  it('frees an identifier when the Patient holding it is deleted, and refuses to revive that Patient onto it', async () => {
    const store = await fixture.newStore();
    const { resource } = await store.create({ resourceType: 'Patient', identifier: [mrn('released')] });
    await store.delete('Patient', resource.id);

    const { outcome } = await store.create({ resourceType: 'Patient', identifier: [mrn('released')] });
    expect(outcome).toBe('created');

    await expect(
      store.update({ resourceType: 'Patient', id: resource.id, identifier: [mrn('released')] }),
    ).rejects.toMatchObject({ reason: 'duplicate-identifier' });
  });

  it('refuses an update that takes an identifier another Patient holds', async () => {
    const store = await fixture.newStore();
    await store.create({ resourceType: 'Patient', identifier: [mrn('held')] });
    const { resource } = await store.create({ resourceType: 'Patient', identifier: [mrn('mine')] });

    await expect(
      store.update({ resourceType: 'Patient', id: resource.id, identifier: [mrn('mine'), mrn('held')] }),
    ).rejects.toMatchObject({ reason: 'duplicate-identifier' });
  });

  it('lets exactly one of several racing plain creates claim an identifier', async () => {
    const store = await fixture.newStore();

    const settled = await Promise.allSettled(
      Array.from({ length: 5 }, () => store.create({ resourceType: 'Patient', identifier: [mrn('contended')] })),
    );

    expect(settled.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of settled.filter((result) => result.status === 'rejected')) {
      expect(result.reason).toMatchObject({ reason: 'duplicate-identifier' });
    }
    expect(await searchIds(store, 'Patient', 'identifier=urn:test:mrn|contended')).toHaveLength(1);
  });
});
