import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/db/resource-store/types';
import { newId } from '../../../src/lib/ids';
import { contentOf, openStoreFixture, START, type StoreFixture } from './store-fixture';

let fixture: StoreFixture;
beforeAll(async () => {
  fixture = await openStoreFixture();
});
afterAll(() => fixture.close());

const patient = (family: string) => ({ resourceType: 'Patient', name: [{ family }] });

describe('versioning (FHIR R4 http.html#create, #update, #vread)', () => {
  it('creates version 1 and sets meta.versionId and meta.lastUpdated from the store clock', async () => {
    const store = await fixture.newStore();
    const { outcome, resource } = await store.create(patient('Lee'));

    expect(outcome).toBe('created');
    expect(resource.versionId).toBe(1);
    expect(resource.deleted).toBe(false);
    expect(resource.lastUpdated.toISOString()).toBe(fixture.clock.now().toISOString());
    expect(contentOf(resource)).toMatchObject({
      resourceType: 'Patient',
      id: resource.id,
      meta: { versionId: '1', lastUpdated: fixture.clock.now().toISOString() },
      name: [{ family: 'Lee' }],
    });
  });

  it('assigns a new random id and ignores a client-supplied id and meta.versionId on create', async () => {
    const store = await fixture.newStore();
    const clientId = newId();
    const { resource } = await store.create({
      ...patient('Lee'),
      id: clientId,
      meta: { versionId: '42', lastUpdated: '1999-01-01T00:00:00Z' },
    });

    expect(resource.id).not.toBe(clientId);
    expect(resource.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(contentOf(resource).id).toBe(resource.id);
    expect(contentOf(resource).meta).toMatchObject({ versionId: '1', lastUpdated: START.toISOString() });
    expect(await store.read('Patient', clientId)).toBeUndefined();
  });

  it('keeps other client meta elements, such as profile, while overwriting versionId and lastUpdated', async () => {
    const store = await fixture.newStore();
    const profile = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient';
    const { resource } = await store.create({ ...patient('Lee'), meta: { profile: [profile], versionId: '9' } });

    expect(contentOf(resource).meta).toEqual({ profile: [profile], versionId: '1', lastUpdated: START.toISOString() });
  });

  it('updates to version 2 with a new lastUpdated, ignoring the versionId the client sent', async () => {
    const store = await fixture.newStore();
    const { resource: created } = await store.create(patient('Lee'));
    fixture.clock.advance(60_000);

    const updated = await store.update({
      ...patient('Li'),
      id: created.id,
      meta: { versionId: '7', lastUpdated: '1999-01-01T00:00:00Z' },
    });

    expect(updated.versionId).toBe(2);
    expect(updated.lastUpdated.getTime()).toBe(created.lastUpdated.getTime() + 60_000);
    expect(contentOf(updated).meta).toMatchObject({ versionId: '2', lastUpdated: updated.lastUpdated.toISOString() });
    const current = await store.read('Patient', created.id);
    expect(current).toMatchObject({ versionId: 2, deleted: false });
    expect(contentOf(current).name).toEqual([{ family: 'Li' }]);
  });

  it('returns each version exactly as it was written through vread', async () => {
    const store = await fixture.newStore();
    const { resource: v1 } = await store.create(patient('One'));
    fixture.clock.advance(1000);
    const v2 = await store.update({ ...patient('Two'), id: v1.id });
    fixture.clock.advance(1000);
    const v3 = await store.update({ ...patient('Three'), id: v1.id });

    for (const written of [v1, v2, v3]) {
      const read = await store.vread('Patient', v1.id, written.versionId);
      expect(read).toEqual(written);
    }
    expect(contentOf(await store.vread('Patient', v1.id, 1)).name).toEqual([{ family: 'One' }]);
    expect(contentOf(await store.vread('Patient', v1.id, 2)).name).toEqual([{ family: 'Two' }]);
  });

  it('finds nothing on vread of a version that was never written', async () => {
    const store = await fixture.newStore();
    const { resource } = await store.create(patient('Lee'));

    expect(await store.vread('Patient', resource.id, 2)).toBeUndefined();
    expect(await store.vread('Patient', resource.id, 0)).toBeUndefined();
    expect(await store.vread('Patient', resource.id, Number.NaN)).toBeUndefined();
  });

  it('finds nothing on read of an unknown id, an id that is not a UUID, or the right id under another type', async () => {
    const store = await fixture.newStore();
    const { resource } = await store.create(patient('Lee'));

    expect(await store.read('Patient', newId())).toBeUndefined();
    expect(await store.read('Patient', 'not-a-uuid')).toBeUndefined();
    expect(await store.read('Practitioner', resource.id)).toBeUndefined();
  });

  it('refuses to update a resource that does not exist, rather than creating it', async () => {
    const store = await fixture.newStore();
    const id = newId();

    await expect(store.update({ ...patient('Lee'), id })).rejects.toMatchObject({ reason: 'not-found' });
    await expect(store.update({ ...patient('Lee'), id: 'not-a-uuid' })).rejects.toBeInstanceOf(StoreError);
    expect(await store.read('Patient', id)).toBeUndefined();
  });
});
