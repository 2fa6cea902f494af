import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryRequest, StoredResource } from '../../../src/db/resource-store/types';
import { encodeBase64UrlText } from '../../../src/lib/base64url';
import { openStoreFixture, type StoreFixture, type TestResourceStore } from './store-fixture';

let fixture: StoreFixture;
beforeAll(async () => {
  fixture = await openStoreFixture();
});
afterAll(() => fixture.close());

const label = (version: StoredResource) => `${version.resourceType}/${version.id}/${version.versionId}`;

/** Every page of a history request, calling `between` after each page but the last. */
async function allPages(
  store: TestResourceStore,
  request: HistoryRequest,
  between: (page: number) => Promise<void> = async () => {},
): Promise<{ versions: StoredResource[]; pages: number }> {
  const versions: StoredResource[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await store.history({ ...request, cursor });
    pages++;
    expect(page.versions.length).toBeLessThanOrEqual(request.count);
    versions.push(...page.versions);
    cursor = page.nextCursor;
    if (cursor) await between(pages);
  } while (cursor);
  return { versions, pages };
}

describe('history (FHIR R4 http.html#history)', () => {
  it('lists instance history newest first, the delete tombstone included', async () => {
    const store = await fixture.newStore();
    const { resource } = await store.create({ resourceType: 'Patient', active: true });
    fixture.clock.advance(1000);
    await store.update({ resourceType: 'Patient', id: resource.id, active: false });
    fixture.clock.advance(1000);
    await store.delete('Patient', resource.id);
    await store.create({ resourceType: 'Patient' });

    const { versions } = await store.history({ resourceType: 'Patient', id: resource.id, count: 10 });

    expect(versions.map((version) => [version.versionId, version.deleted])).toEqual([
      [3, true],
      [2, false],
      [1, false],
    ]);
    expect(versions[2]).toEqual(resource);
    expect(versions[0]?.json).toBeNull();
  });

  it('lists type history across every resource of that type only, newest first', async () => {
    const store = await fixture.newStore();
    const { resource: first } = await store.create({ resourceType: 'Patient' });
    const { resource: second } = await store.create({ resourceType: 'Patient' });
    await store.create({ resourceType: 'Observation', status: 'final' });
    await store.update({ resourceType: 'Patient', id: first.id, active: true });

    const { versions } = await store.history({ resourceType: 'Patient', count: 10 });

    expect(versions.map(label)).toEqual([`Patient/${first.id}/2`, `Patient/${second.id}/1`, `Patient/${first.id}/1`]);
  });

  it('lists practice-wide history across every type, newest first', async () => {
    const store = await fixture.newStore();
    const { resource: patient } = await store.create({ resourceType: 'Patient' });
    const { resource: observation } = await store.create({ resourceType: 'Observation', status: 'final' });
    await store.delete('Observation', observation.id);

    const { versions } = await store.history({ count: 10 });

    expect(versions.map(label)).toEqual([
      `Observation/${observation.id}/2`,
      `Observation/${observation.id}/1`,
      `Patient/${patient.id}/1`,
      expect.stringMatching(/^Organization\//),
    ]);
  });

  it('includes only versions written at or after _since, at every level', async () => {
    const store = await fixture.newStore();
    const { resource } = await store.create({ resourceType: 'Patient' });
    fixture.clock.advance(60_000);
    const since = fixture.clock.now();
    const second = await store.update({ resourceType: 'Patient', id: resource.id, active: true });
    fixture.clock.advance(60_000);
    const { resource: later } = await store.create({ resourceType: 'Patient' });

    const instance = await store.history({ resourceType: 'Patient', id: resource.id, since, count: 10 });
    const type = await store.history({ resourceType: 'Patient', since, count: 10 });
    const practice = await store.history({ since, count: 10 });
    const afterEverything = await store.history({ since: new Date(fixture.clock.now().getTime() + 1), count: 10 });

    expect(instance.versions.map(label)).toEqual([label(second)]);
    expect(type.versions.map(label)).toEqual([label(later), label(second)]);
    expect(practice.versions.map(label)).toEqual([label(later), label(second)]);
    expect(afterEverything.versions).toEqual([]);
  });

  it('pages instance history with count=2, neither dropping nor repeating versions as new ones land', async () => {
    const store = await fixture.newStore();
    const { resource } = await store.create({ resourceType: 'Patient' });
    for (let version = 2; version <= 7; version++) {
      await store.update({ resourceType: 'Patient', id: resource.id, name: [{ family: `V${version}` }] });
    }

    const { versions, pages } = await allPages(store, { resourceType: 'Patient', id: resource.id, count: 2 }, async () => {
      await store.update({ resourceType: 'Patient', id: resource.id, active: true });
    });

    expect(pages).toBe(4);
    expect(versions.map((version) => version.versionId)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect((await store.read('Patient', resource.id))?.versionId).toBe(10);
  });

  it('pages type and practice history with count=2, neither dropping nor repeating versions as others land', async () => {
    const store = await fixture.newStore();
    const existing: string[] = [];
    for (let index = 0; index < 4; index++) {
      const { resource } = await store.create({ resourceType: 'Observation', status: 'final' });
      existing.push(label(resource));
      existing.push(label(await store.update({ resourceType: 'Observation', id: resource.id, status: 'amended' })));
    }
    const writeBetweenPages = async () => {
      const { resource } = await store.create({ resourceType: 'Observation', status: 'preliminary' });
      await store.create({ resourceType: 'Patient' });
      await store.delete('Observation', resource.id);
    };

    const type = await allPages(store, { resourceType: 'Observation', count: 2 }, writeBetweenPages);
    const practice = await allPages(store, { count: 2 }, writeBetweenPages);

    expect(type.versions.map(label)).toEqual([...existing].reverse());
    const practiceLabels = practice.versions.map(label);
    expect(new Set(practiceLabels).size).toBe(practiceLabels.length);
    expect(practiceLabels).toEqual(expect.arrayContaining(existing));
    expect(practiceLabels.at(-1)).toMatch(/^Organization\//);
  });

  it('ends paging with a last page that has no next cursor', async () => {
    const store = await fixture.newStore();
    await store.create({ resourceType: 'Patient' });
    await store.create({ resourceType: 'Patient' });

    const first = await store.history({ resourceType: 'Patient', count: 2 });
    const single = await store.history({ resourceType: 'Patient', count: 1 });

    expect(first.versions).toHaveLength(2);
    expect(first.nextCursor).toBeUndefined();
    expect(single.nextCursor).toBeDefined();
  });

  it('rejects a history cursor it did not issue', async () => {
    const store = await fixture.newStore();

    const notIssued = ['not base64!', '', ...['', '1e3', '-4', '0x10'].map(encodeBase64UrlText)];
    for (const cursor of notIssued) {
      await expect(store.history({ count: 2, cursor }), `cursor "${cursor}"`).rejects.toMatchObject({
        reason: 'invalid-cursor',
      });
    }
  });

  it('finds no history for an id that is not a UUID', async () => {
    const store = await fixture.newStore();

    expect((await store.history({ resourceType: 'Patient', id: 'not-a-uuid', count: 5 })).versions).toEqual([]);
  });
});
