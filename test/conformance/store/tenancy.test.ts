import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredResource } from '../../../src/db/resource-store/types';
import { clauses, contentOf, openStoreFixture, searchIds, type StoreFixture, type TestResourceStore } from './store-fixture';

let fixture: StoreFixture;
let practiceA: TestResourceStore;
let practiceB: TestResourceStore;
let patientOfA: StoredResource;

const identifier = { system: 'urn:test:mrn', value: 'tenancy-1' };

beforeAll(async () => {
  fixture = await openStoreFixture();
  practiceA = await fixture.newStore('Practice A');
  practiceB = await fixture.newStore('Practice B');
  ({ resource: patientOfA } = await practiceA.create({
    resourceType: 'Patient',
    identifier: [identifier],
    name: [{ family: 'Tenant' }],
  }));
  await practiceA.update({
    resourceType: 'Patient',
    id: patientOfA.id,
    identifier: [identifier],
    name: [{ family: 'Tenant' }],
  });
});
afterAll(() => fixture.close());

describe('tenancy isolation (DESIGN.md Storage: tenancy is enforced in the repository layer)', () => {
  it('does not read or vread a resource of another practice', async () => {
    expect(await practiceB.read('Patient', patientOfA.id)).toBeUndefined();
    expect(await practiceB.vread('Patient', patientOfA.id, 1)).toBeUndefined();
    expect(await practiceB.vread('Patient', patientOfA.id, 2)).toBeUndefined();
  });

  it('does not update a resource of another practice and leaves it unchanged', async () => {
    await expect(
      practiceB.update({ resourceType: 'Patient', id: patientOfA.id, name: [{ family: 'Hijacked' }] }),
    ).rejects.toMatchObject({ reason: 'not-found' });
    await expect(
      practiceB.update({ resourceType: 'Patient', id: patientOfA.id, name: [] }, { expectedVersion: 2 }),
    ).rejects.toMatchObject({ reason: 'not-found' });

    const current = await practiceA.read('Patient', patientOfA.id);
    expect(current?.versionId).toBe(2);
    expect(contentOf(current).name).toEqual([{ family: 'Tenant' }]);
  });

  it('does not delete a resource of another practice', async () => {
    await expect(practiceB.delete('Patient', patientOfA.id)).rejects.toMatchObject({ reason: 'not-found' });

    expect(await practiceA.read('Patient', patientOfA.id)).toMatchObject({ versionId: 2, deleted: false });
  });

  it('does not find a resource of another practice by any search', async () => {
    expect(await searchIds(practiceB, 'Patient')).toEqual([]);
    expect(await searchIds(practiceB, 'Patient', `_id=${patientOfA.id}`)).toEqual([]);
    expect(await searchIds(practiceB, 'Patient', 'identifier=urn:test:mrn|tenancy-1')).toEqual([]);
    expect(await searchIds(practiceB, 'Patient', 'family=tenant')).toEqual([]);
    expect(await searchIds(practiceA, 'Patient', 'family=tenant')).toEqual([patientOfA.id]);
  });

  it('shows no instance, type or practice-wide history of another practice', async () => {
    expect((await practiceB.history({ resourceType: 'Patient', id: patientOfA.id, count: 10 })).versions).toEqual([]);
    expect((await practiceB.history({ resourceType: 'Patient', count: 10 })).versions).toEqual([]);
    const practiceWide = await practiceB.history({ count: 100 });
    expect(practiceWide.versions.map((version) => version.resourceType)).toEqual(['Organization']);
  });

  it('lets a conditional create in one practice ignore a match in another', async () => {
    const result = await practiceB.create(
      { resourceType: 'Patient', identifier: [identifier] },
      { ifNoneExist: clauses('Patient', 'identifier=urn:test:mrn|tenancy-1') },
    );

    expect(result.outcome).toBe('created');
    expect(result.resource.id).not.toBe(patientOfA.id);
    expect(await searchIds(practiceA, 'Patient', 'identifier=urn:test:mrn|tenancy-1')).toEqual([patientOfA.id]);
  });
});
