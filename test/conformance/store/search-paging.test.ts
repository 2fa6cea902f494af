import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBase64UrlText } from '../../../src/lib/base64url';
import { clauses, openStoreFixture, type StoreFixture, type TestResourceStore } from './store-fixture';

let fixture: StoreFixture;
beforeAll(async () => {
  fixture = await openStoreFixture();
});
afterAll(() => fixture.close());

const heartRate = (status: string) => ({
  resourceType: 'Observation',
  status,
  code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
});

/** Follows next cursors to the end with `count` per page, calling `between` after each page but the last. */
async function pageThrough(
  store: TestResourceStore,
  query: string,
  count: number,
  between: () => Promise<void> = async () => {},
): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await store.search('Observation', { clauses: clauses('Observation', query), count, cursor });
    pages++;
    expect(page.resources.length).toBeLessThanOrEqual(count);
    ids.push(...page.resources.map((resource) => resource.id));
    cursor = page.nextCursor;
    if (cursor) await between();
  } while (cursor);
  return { ids, pages };
}

describe('search paging (FHIR R4 search.html#count, http.html#paging)', () => {
  it('pages with count=2, neither dropping nor repeating a match while resources are written between pages', async () => {
    const store = await fixture.newStore();
    const existing: string[] = [];
    for (let index = 0; index < 7; index++) existing.push((await store.create(heartRate('final'))).resource.id);
    let written = 0;
    const writeBetweenPages = async () => {
      written++;
      await store.create(heartRate('preliminary'));
      await store.create({ resourceType: 'Observation', status: 'final', code: { text: 'not a match' } });
      await store.update({ ...heartRate('amended'), id: existing[written % existing.length]! });
    };

    const { ids, pages } = await pageThrough(store, 'code=8867-4', 2, writeBetweenPages);

    expect(pages).toBeGreaterThanOrEqual(4);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(existing));
    expect(ids.length).toBeLessThanOrEqual(existing.length + written);
  });

  it('returns matches in a stable order, so the pages of an unchanged result concatenate to one query', async () => {
    const store = await fixture.newStore();
    for (let index = 0; index < 5; index++) await store.create(heartRate('final'));

    const paged = await pageThrough(store, 'code=8867-4', 2);
    const whole = await store.search('Observation', { clauses: clauses('Observation', 'code=8867-4'), count: 10 });

    expect(paged.pages).toBe(3);
    expect(paged.ids).toEqual(whole.resources.map((resource) => resource.id));
    expect(whole.nextCursor).toBeUndefined();
  });

  it('gives no next cursor when the page holds the last match', async () => {
    const store = await fixture.newStore();
    await store.create(heartRate('final'));
    await store.create(heartRate('final'));

    const exact = await store.search('Observation', { clauses: [], count: 2 });
    const empty = await store.search('Observation', { clauses: clauses('Observation', 'code=none'), count: 2 });

    expect(exact.resources).toHaveLength(2);
    expect(exact.nextCursor).toBeUndefined();
    expect(empty).toEqual({ resources: [] });
  });

  it('rejects a search cursor it did not issue', async () => {
    const store = await fixture.newStore();

    for (const cursor of ['not base64!', '', encodeBase64UrlText('42')]) {
      const search = store.search('Observation', { clauses: [], count: 2, cursor });
      await expect(search, `cursor "${cursor}"`).rejects.toMatchObject({ reason: 'invalid-cursor' });
    }
  });
});
