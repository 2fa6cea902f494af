import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, linkParameters, matches, nextLink, openSearchSuite, selfLink, type BundleJson, type SearchSuite } from './search-fixture';

/**
 * `_count`, keyset paging and `_sort`: pages that neither drop nor repeat a resource while
 * others are written, next links that keep every parameter, and both directions of each sort.
 */

let suite: SearchSuite;

const observation = (code: string, extra: Record<string, unknown> = {}) => ({
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: 'urn:metbridge:test:paging', code }] },
  ...extra,
});

/** Every page of `query`, following next links; `between` runs alongside each next request. */
async function pages(query: string, between: () => Promise<unknown> = async () => {}): Promise<BundleJson[]> {
  const found: BundleJson[] = [await suite.search(query)];
  let next = nextLink(found[0]!);
  while (next) {
    const [page] = await Promise.all([suite.search(next.replace(`${BASE}/`, '')), between()]);
    found.push(page);
    next = nextLink(page);
  }
  return found;
}

const idsOf = (bundles: BundleJson[]) => bundles.flatMap((bundle) => matches(bundle).map((resource) => resource.id));

beforeAll(async () => {
  suite = await openSearchSuite();
});
afterAll(() => suite.close());

describe('_count (FHIR R4 search.html#count)', () => {
  it('pages 20 by default and caps a larger _count at 500, showing the count applied in the links', async () => {
    for (let index = 0; index < 23; index++) await suite.create(observation('count'));
    const first = await suite.search('Observation?code=count');
    expect(matches(first)).toHaveLength(20);
    expect(linkParameters(nextLink(first)).map(([name]) => name)).toEqual(['code', '_cursor']);

    const capped = await suite.search('Observation?code=count&_count=100000');
    expect(matches(capped)).toHaveLength(23);
    expect(linkParameters(selfLink(capped))).toEqual([
      ['code', 'count'],
      ['_count', '500'],
    ]);
    expect(nextLink(capped)).toBeUndefined();
  });

  it('gives no next link on the last page, and an empty searchset when nothing matches', async () => {
    const none = await suite.search('Observation?code=nothing-like-this');
    expect(none).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    expect(none.entry).toBeUndefined();
    expect(nextLink(none)).toBeUndefined();
  });
});

describe('keyset paging (FHIR R4 http.html#paging)', () => {
  it('keeps every original parameter in the next link, which leads to the following page', async () => {
    for (let index = 0; index < 5; index++) await suite.create(observation('links', { effectiveDateTime: `2025-01-0${index + 1}` }));
    const query = 'Observation?code=links&date=ge2025-01-01&date=le2025-12-31&_sort=-date&_count=2&_total=accurate';
    const first = await suite.search(query);
    const next = nextLink(first)!;
    const withoutCursor = linkParameters(next).filter(([name]) => name !== '_cursor');
    expect(withoutCursor).toEqual(linkParameters(selfLink(first)));
    expect(withoutCursor).toEqual([
      ['code', 'links'],
      ['date', 'ge2025-01-01'],
      ['date', 'le2025-12-31'],
      ['_sort', '-date'],
      ['_count', '2'],
      ['_total', 'accurate'],
    ]);
    const second = await suite.search(next.replace(`${BASE}/`, ''));
    expect(second.total).toBe(5);
    expect(matches(second).map((resource) => resource.effectiveDateTime)).toEqual(['2025-01-03', '2025-01-02']);
    expect(linkParameters(selfLink(second)).at(-1)![0]).toBe('_cursor');
  });

  it('neither drops nor repeats a resource while others are created, updated and deleted between and during pages', async () => {
    const existing: string[] = [];
    for (let index = 0; index < 9; index++) existing.push(await suite.create(observation('busy')));
    const doomed = await suite.create(observation('busy'));
    let round = 0;
    const writeMeanwhile = async () => {
      round++;
      await suite.create(observation('busy'));
      await suite.create(observation('other'));
      const target = existing[round % existing.length]!;
      await suite.update({ ...observation('busy', { status: 'amended' }), id: target });
      if (round === 1) await suite.remove('Observation', doomed);
    };

    const ids = idsOf(await pages('Observation?code=busy&_count=2', writeMeanwhile));

    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(existing));
    expect(round).toBeGreaterThanOrEqual(4);
  });

  it('within one Patient’s records, neither drops nor repeats a resource while that Patient’s records are written', async () => {
    const patient = await suite.create({ resourceType: 'Patient', name: [{ family: 'Paged' }] });
    const other = await suite.create({ resourceType: 'Patient', name: [{ family: 'Other' }] });
    const ofPatient = (code: string, subject: string, day: number) =>
      observation(code, { subject: { reference: `Patient/${subject}` }, effectiveDateTime: `2025-02-${String(day).padStart(2, '0')}` });
    const existing: string[] = [];
    for (let day = 1; day <= 8; day++) existing.push(await suite.create(ofPatient('scoped', patient, day)));
    await suite.create(ofPatient('scoped', other, 3));
    await suite.create(ofPatient('scoped', patient, 27));
    let round = 0;
    const writeMeanwhile = async () => {
      round++;
      await suite.create(ofPatient('scoped', patient, 5));
      await suite.create(ofPatient('scoped', other, 5));
      await suite.update({ ...ofPatient('scoped', patient, 2), id: existing[round % existing.length]! });
    };

    const query = `Observation?patient=Patient/${patient}&code=urn:metbridge:test:paging|scoped&date=le2025-02-20&_count=3`;
    const ids = idsOf(await pages(query, writeMeanwhile));

    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(existing));
    const subjects = new Set<unknown>();
    for (const id of ids) subjects.add(((await (await suite.get(`Observation/${id}`)).json()).subject as { reference: string }).reference);
    expect([...subjects]).toEqual([`Patient/${patient}`]);
  });

  it('sorted by _lastUpdated, neither drops nor repeats a resource while new ones are written', async () => {
    const existing: string[] = [];
    for (let index = 0; index < 7; index++) existing.push(await suite.create(observation('pull')));
    const ids = idsOf(await pages('Observation?code=pull&_sort=_lastUpdated&_count=3', () => suite.create(observation('pull'))));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, existing.length)).toEqual(existing);
  });

  it('refuses a cursor it did not issue, or one issued for another sort, with 400', async () => {
    for (let index = 0; index < 3; index++) await suite.create(observation('cursor'));
    const sortedByDate = await suite.search('Observation?code=cursor&_sort=date&_count=1');
    const cursor = linkParameters(nextLink(sortedByDate)).find(([name]) => name === '_cursor')![1];
    expect((await suite.get(`Observation?code=cursor&_sort=_lastUpdated&_count=1&_cursor=${cursor}`)).status).toBe(400);
    expect((await suite.get(`Observation?code=cursor&_sort=date&_count=1&_cursor=${cursor}`)).status).toBe(200);
    for (const bogus of ['bm90LWEtY3Vyc29y', 'WyIiLCInOyBkcm9wIHRhYmxlIHJlc291cmNlczsgLS0iXQ', '%%%']) {
      expect((await suite.get(`Observation?code=cursor&_cursor=${bogus}`)).status, bogus).toBe(400);
    }
  });
});

describe('_sort (FHIR R4 search.html#sort)', () => {
  const names: Record<string, string> = {};
  const nameOf = (resourceId: string) => Object.keys(names).find((name) => names[name] === resourceId);

  beforeAll(async () => {
    const dated = async (name: string, effective: Record<string, unknown>) => {
      names[name] = await suite.create(observation('sorted', effective));
    };
    await dated('march', { effectiveDateTime: '2024-03-15T10:00:00Z' });
    await dated('january', { effectiveDateTime: '2024-01-20' });
    await dated('undated', {});
    await dated('longPeriod', { effectivePeriod: { start: '2023-12-01', end: '2024-06-30' } });
    await dated('ongoing', { effectivePeriod: { start: '2024-02-01' } });
    await dated('sameDayA', { effectiveDateTime: '2024-02-10' });
    await dated('sameDayB', { effectiveDateTime: '2024-02-10' });
  });

  const sortedNames = async (sort: string, count: number) =>
    idsOf(await pages(`Observation?code=sorted&_sort=${sort}&_count=${count}`)).map(nameOf);

  it('sorts by _lastUpdated, oldest first, and newest first with -', async () => {
    const order = ['march', 'january', 'undated', 'longPeriod', 'ongoing', 'sameDayA', 'sameDayB'];
    expect(await sortedNames('_lastUpdated', 3)).toEqual(order);
    expect(await sortedNames('-_lastUpdated', 2)).toEqual([...order].reverse());
  });

  it('sorts by date from the start of each value upwards, and from its end downwards with -, undated last either way', async () => {
    const ascending = await sortedNames('date', 2);
    expect(ascending.slice(0, 3)).toEqual(['longPeriod', 'january', 'ongoing']);
    expect(ascending.slice(3, 5).sort()).toEqual(['sameDayA', 'sameDayB']);
    expect(ascending.slice(5)).toEqual(['march', 'undated']);

    const descending = await sortedNames('-date', 3);
    expect(descending.slice(0, 3)).toEqual(['ongoing', 'longPeriod', 'march']);
    expect(descending.slice(3, 5).sort()).toEqual(['sameDayA', 'sameDayB']);
    expect(descending.slice(5)).toEqual(['january', 'undated']);
  });

  it('gives the same order paged as in one page, ties broken by id', async () => {
    for (const sort of ['date', '-date', '_lastUpdated', '-_lastUpdated', 'date,-_lastUpdated', '-date,_id']) {
      const whole = await sortedNames(sort, 50);
      expect(await sortedNames(sort, 1), sort).toEqual(whole);
      expect(whole, sort).toHaveLength(7);
    }
    const [a, b] = [names.sameDayA!, names.sameDayB!].sort();
    const ties = (await sortedNames('date', 50)).filter((name) => name?.startsWith('sameDay'));
    expect(ties.map((name) => names[name!])).toEqual([a, b]);
  });

  it('sorts by a second key within the first', async () => {
    const byDateThenNewest = await sortedNames('date,-_lastUpdated', 4);
    expect(byDateThenNewest.slice(3, 5)).toEqual(['sameDayB', 'sameDayA']);
  });
});
