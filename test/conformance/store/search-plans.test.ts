import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSearch } from '../../../src/fhir/search/parse';
import { openStoreFixture, type StoreFixture, type TestResourceStore } from './store-fixture';

/**
 * The store answers a search through one of two plans — index first (id order) or resources
 * first (any other order) — and confines clauses to a Patient's compartment when the search
 * names the Patient through the compartment parameter. Whatever the plan, the same query must
 * find the same resources: these tests compare them over a varied, seeded data set.
 */

let fixture: StoreFixture;
let store: TestResourceStore;
const patients: string[] = [];

const CODES = ['8867-4', '64098-7', '89423-8', '29463-7'];
const LOINC = 'http://loinc.org';

/** A small deterministic generator, so a failure reproduces. */
function seeded(seed: number) {
  let state = seed;
  return (below: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return Math.floor((state / 2 ** 31) * below);
  };
}

beforeAll(async () => {
  fixture = await openStoreFixture();
  store = await fixture.newStore();
  const random = seeded(42);
  for (let index = 0; index < 4; index++) {
    patients.push((await store.create({ resourceType: 'Patient', name: [{ family: `Plan${index}` }] })).resource.id);
  }
  for (let index = 0; index < 90; index++) {
    const patient = patients[random(patients.length)]!;
    const subject = random(10) === 0 ? { reference: `Group/${patient}` } : random(12) === 0 ? undefined : { reference: `Patient/${patient}` };
    const codes = [CODES[random(CODES.length)]!, ...(random(5) === 0 ? [CODES[random(CODES.length)]!] : [])];
    const day = 1 + random(28);
    const effective =
      random(6) === 0
        ? { effectivePeriod: { start: `2024-0${1 + random(6)}-01`, ...(random(2) ? { end: '2024-09-30' } : {}) } }
        : random(8) === 0
          ? {}
          : { effectiveDateTime: `2024-0${1 + random(9)}-${String(day).padStart(2, '0')}` };
    await store.create({
      resourceType: 'Observation',
      status: ['final', 'amended', 'preliminary'][random(3)],
      code: { coding: codes.map((code) => ({ system: random(7) === 0 ? 'urn:local' : LOINC, code })) },
      ...(subject ? { subject } : {}),
      ...effective,
      ...(random(3) === 0 ? { valueQuantity: { value: random(500), unit: 'm', system: 'http://unitsofmeasure.org', code: 'm' } } : {}),
    });
    fixture.clock.advance(1000);
  }
  // Some are deleted, some updated onto another Patient: the index must follow.
  const page = await store.search('Observation', { clauses: [], count: 500 });
  for (const [index, resource] of page.resources.entries()) {
    if (index % 11 === 0) await store.delete('Observation', resource.id);
    else if (index % 7 === 0) {
      const json = JSON.parse(resource.json!);
      await store.update({ ...json, subject: { reference: `Patient/${patients[(index / 7) % patients.length]}` } });
    }
  }
});
afterAll(() => fixture.close());

/** Every id matching `query`, paged `count` at a time. */
async function ids(query: string, count = 7): Promise<string[]> {
  const parsed = parseSearch('Observation', new URLSearchParams(query));
  const found: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.search('Observation', { clauses: parsed.clauses, sort: parsed.sort, count, cursor });
    found.push(...page.resources.map((resource) => resource.id));
    cursor = page.nextCursor;
  } while (cursor);
  expect(new Set(found).size, `no repeats: ${query}`).toBe(found.length);
  return found.sort();
}

const FILTERS = [
  '',
  `code=${LOINC}|8867-4`,
  'code=64098-7,89423-8',
  'code:not=8867-4',
  'status=final&date=ge2024-04-01',
  'date=2024-03',
  'date=lt2024-02-15&date:missing=false',
  'date:missing=true',
  'value-quantity=gt250',
  'value-quantity:missing=true&status:not=amended',
  `code=${LOINC}|29463-7&date=le2024-08-31&status=final,preliminary`,
];

describe('search plans agree (FHIR R4 search.html; DESIGN.md Storage)', () => {
  it('finds within a Patient’s compartment exactly what the same query finds through subject', async () => {
    let nonEmpty = 0;
    for (const patient of patients) {
      for (const filter of FILTERS) {
        const scoped = await ids(`patient=Patient/${patient}&${filter}`);
        const throughSubject = await ids(`subject=Patient/${patient}&${filter}`);
        expect(scoped, `patient=${patient}&${filter}`).toEqual(throughSubject);
        if (scoped.length) nonEmpty++;
      }
    }
    expect(nonEmpty, 'queries with matches').toBeGreaterThan(FILTERS.length * 3);
  });

  it('finds the same resources index first (id order) and resources first (sorted)', async () => {
    for (const filter of FILTERS) {
      for (const scope of ['', `patient=${patients[1]}&`, `subject=Group/${patients[2]}&`]) {
        const query = `${scope}${filter}`;
        const indexFirst = await ids(query);
        expect(await ids(`${query}&_sort=-_lastUpdated`), query).toEqual(indexFirst);
        expect(await ids(`${query}&_sort=date`, 5), query).toEqual(indexFirst);
      }
    }
  });

  it('counts with _total exactly what it pages through', async () => {
    for (const filter of FILTERS) {
      for (const query of [`patient=${patients[0]}&${filter}`, filter]) {
        const parsed = parseSearch('Observation', new URLSearchParams(query));
        const { total } = await store.search('Observation', { clauses: parsed.clauses, count: 0, total: true });
        expect(total, query).toBe((await ids(query)).length);
      }
    }
  });
});
