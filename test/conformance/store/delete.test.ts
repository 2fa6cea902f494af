import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/lib/ids';
import { contentOf, openStoreFixture, searchIds, type StoreFixture } from './store-fixture';

let fixture: StoreFixture;
beforeAll(async () => {
  fixture = await openStoreFixture();
});
afterAll(() => fixture.close());

const observation = {
  resourceType: 'Observation',
  status: 'final',
  identifier: [{ system: 'urn:test:obs', value: 'delete-me' }],
  code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
  subject: { reference: 'Patient/p1' },
};

describe('delete tombstones (FHIR R4 http.html#delete)', () => {
  it('writes a tombstone version that is marked deleted and has no content', async () => {
    const store = await fixture.newStore();
    const { resource } = await store.create(observation);
    fixture.clock.advance(5000);

    const tombstone = await store.delete('Observation', resource.id);

    expect(tombstone).toMatchObject({ id: resource.id, versionId: 2, deleted: true, json: null });
    expect(tombstone.lastUpdated.getTime()).toBe(resource.lastUpdated.getTime() + 5000);
    expect(await store.vread('Observation', resource.id, 2)).toEqual(tombstone);
  });

  it('reads a deleted resource as deleted rather than as missing', async () => {
    const store = await fixture.newStore();
    const { resource } = await store.create(observation);
    await store.delete('Observation', resource.id);

    expect(await store.read('Observation', resource.id)).toMatchObject({ versionId: 2, deleted: true, json: null });
  });

  it('still serves the versions before the delete through vread', async () => {
    const store = await fixture.newStore();
    const { resource } = await store.create(observation);
    await store.delete('Observation', resource.id);

    expect(await store.vread('Observation', resource.id, 1)).toEqual(resource);
  });

  it('removes a deleted resource from every search', async () => {
    const store = await fixture.newStore();
    const { resource } = await store.create(observation);
    expect(await searchIds(store, 'Observation', 'identifier=urn:test:obs|delete-me')).toEqual([resource.id]);

    await store.delete('Observation', resource.id);

    expect(await searchIds(store, 'Observation')).toEqual([]);
    expect(await searchIds(store, 'Observation', `_id=${resource.id}`)).toEqual([]);
    expect(await searchIds(store, 'Observation', 'identifier=urn:test:obs|delete-me')).toEqual([]);
    expect(await searchIds(store, 'Observation', 'code=8867-4')).toEqual([]);
    expect(await searchIds(store, 'Observation', 'patient=p1')).toEqual([]);
  });

  it('treats deleting a deleted resource as harmless and writes no further version', async () => {
    const store = await fixture.newStore();
    const { resource } = await store.create(observation);
    const first = await store.delete('Observation', resource.id);
    fixture.clock.advance(1000);

    const second = await store.delete('Observation', resource.id);

    expect(second).toMatchObject({ versionId: 2, deleted: true, json: null });
    expect(second.lastUpdated).toEqual(first.lastUpdated);
    expect(await store.vread('Observation', resource.id, 3)).toBeUndefined();
    const { versions } = await store.history({ resourceType: 'Observation', id: resource.id, count: 10 });
    expect(versions.map((version) => version.versionId)).toEqual([2, 1]);
  });

  it('brings a deleted resource back with an update, as the version after the tombstone', async () => {
    const store = await fixture.newStore();
    const { resource } = await store.create(observation);
    await store.delete('Observation', resource.id);

    const revived = await store.update({ ...observation, id: resource.id, status: 'amended' });

    expect(revived).toMatchObject({ versionId: 3, deleted: false });
    expect(contentOf(await store.read('Observation', resource.id))).toMatchObject({
      status: 'amended',
      meta: { versionId: '3' },
    });
    expect(await searchIds(store, 'Observation', 'identifier=urn:test:obs|delete-me')).toEqual([resource.id]);
  });

  it('refuses to delete a resource that never existed', async () => {
    const store = await fixture.newStore();

    await expect(store.delete('Observation', newId())).rejects.toMatchObject({ reason: 'not-found' });
    await expect(store.delete('Observation', 'not-a-uuid')).rejects.toMatchObject({ reason: 'not-found' });
  });
});
