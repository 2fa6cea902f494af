import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStoreFixture, type ResourceJson, searchIds, type StoreFixture, type TestResourceStore } from './store-fixture';

let fixture: StoreFixture;
beforeAll(async () => {
  fixture = await openStoreFixture();
});
afterAll(() => fixture.close());

const UCUM = 'http://unitsofmeasure.org';

/** Creates each named resource in `store` and returns their ids by name. */
async function createAll(store: TestResourceStore, resources: Record<string, ResourceJson>) {
  const ids: Record<string, string> = {};
  for (const [name, resource] of Object.entries(resources)) ids[name] = (await store.create(resource)).resource.id;
  return (...names: string[]) => names.map((name) => ids[name]!).sort();
}

describe('date search (FHIR R4 search.html#date, #prefix)', () => {
  let store: TestResourceStore;
  let expected: (...names: string[]) => string[];
  const date = (value: string) => searchIds(store, 'Observation', `date=${value}`);

  beforeAll(async () => {
    store = await fixture.newStore();
    const observation = (effective: object) => ({ resourceType: 'Observation', status: 'final', ...effective });
    expected = await createAll(store, {
      year: observation({ effectiveDateTime: '2024' }),
      month: observation({ effectiveDateTime: '2024-03' }),
      day: observation({ effectiveDateTime: '2024-03-05' }),
      instant: observation({ effectiveDateTime: '2024-03-05T10:30:00Z' }),
      zoned: observation({ effectiveDateTime: '2024-03-05T23:30:00-05:00' }),
      period: observation({ effectivePeriod: { start: '2024-03-01', end: '2024-03-10' } }),
      openEnd: observation({ effectivePeriod: { start: '2024-06-01' } }),
      openStart: observation({ effectivePeriod: { end: '2023-12-31' } }),
      undated: observation({}),
    });
  });

  it('matches eq (no prefix) when the search range fully contains the value range, at the precision given', async () => {
    expect(await date('2024-03')).toEqual(expected('month', 'day', 'instant', 'zoned', 'period'));
    expect(await date('eq2024-03-05')).toEqual(expected('day', 'instant'));
    expect(await date('2024')).toEqual(expected('year', 'month', 'day', 'instant', 'zoned', 'period'));
    expect(await date('2024-03-05T10:30:00Z')).toEqual(expected('instant'));
  });

  it('compares dateTimes with a time zone in UTC', async () => {
    expect(await date('2024-03-06')).toEqual(expected('zoned'));
    expect(await date('2024-03-06T04:30:00Z')).toEqual(expected('zoned'));
    expect(await date('2024-03-05T23:30:00-05:00'.replace('-05:00', '%2D05:00'))).toEqual(expected('zoned'));
  });

  it('matches ge when any part of the value range lies at or after the search value, open ends included', async () => {
    expect(await date('ge2024-06-01')).toEqual(expected('year', 'openEnd'));
    expect(await date('ge2024-03-06')).toEqual(expected('year', 'month', 'zoned', 'period', 'openEnd'));
  });

  it('matches gt when any part of the value range lies after the search range', async () => {
    expect(await date('gt2024-03-10')).toEqual(expected('year', 'month', 'openEnd'));
  });

  it('matches lt when any part of the value range lies before the search value, open starts included', async () => {
    expect(await date('lt2024-03-01')).toEqual(expected('year', 'openStart'));
    expect(await date('lt2024')).toEqual(expected('openStart'));
  });

  it('matches le when any part of the value range lies at or before the end of the search range', async () => {
    expect(await date('le2024-03-01')).toEqual(expected('year', 'month', 'period', 'openStart'));
  });

  it('matches sa only when the whole value range starts after the search range', async () => {
    expect(await date('sa2024-03-31')).toEqual(expected('openEnd'));
    expect(await date('sa2024-03-05')).toEqual(expected('zoned', 'openEnd'));
  });

  it('matches eb only when the whole value range ends before the search range', async () => {
    expect(await date('eb2024-03-06')).toEqual(expected('day', 'instant', 'openStart'));
    expect(await date('eb2024')).toEqual(expected('openStart'));
  });

  it('matches ne when the search range does not fully contain the value range', async () => {
    expect(await date('ne2024-03')).toEqual(expected('year', 'openEnd', 'openStart'));
  });

  it('treats comma-separated dates as OR and repeated date parameters as AND', async () => {
    expect(await date('2024-03-06,eb2024')).toEqual(expected('zoned', 'openStart'));
    expect(await searchIds(store, 'Observation', 'date=ge2024-03-01&date=lt2024-04-01')).toEqual(
      expected('year', 'month', 'day', 'instant', 'zoned', 'period'),
    );
  });
});

describe('string search (FHIR R4 search.html#string)', () => {
  let store: TestResourceStore;
  let expected: (...names: string[]) => string[];
  const search = (query: string) => searchIds(store, 'Patient', query);

  beforeAll(async () => {
    store = await fixture.newStore();
    expected = await createAll(store, {
      muller: { resourceType: 'Patient', name: [{ family: 'Müller', given: ['Jürgen', 'Hans'] }] },
      mueller: { resourceType: 'Patient', name: [{ family: 'Mueller', given: ['Anna'] }] },
      smith: {
        resourceType: 'Patient',
        name: [{ family: 'Smith-Jones', given: ['Zoë'] }, { text: 'Johnny  Smith' }],
      },
    });
  });

  it('matches family names by prefix, ignoring case and accents', async () => {
    expect(await search('family=muller')).toEqual(expected('muller'));
    expect(await search('family=MÜL')).toEqual(expected('muller'));
    expect(await search('family=mu')).toEqual(expected('muller', 'mueller'));
    expect(await search('family=smith-j')).toEqual(expected('smith'));
  });

  it('does not match in the middle of a value', async () => {
    expect(await search('family=ller')).toEqual([]);
    expect(await search('family=jones')).toEqual([]);
  });

  it('searches every part of a HumanName with name, but only the family part with family', async () => {
    expect(await search('name=jur')).toEqual(expected('muller'));
    expect(await search('family=jur')).toEqual([]);
    expect(await search('given=zoe')).toEqual(expected('smith'));
    expect(await search('name=johnny%20smith')).toEqual(expected('smith'));
  });

  it('treats LIKE wildcards in the search value as plain characters', async () => {
    expect(await search('family=%25')).toEqual([]);
    expect(await search('family=m_ller')).toEqual([]);
    expect(await search('name=_')).toEqual([]);
  });

  it('treats comma-separated strings as OR and repeated string parameters as AND', async () => {
    expect(await search('name=hans,zoe')).toEqual(expected('muller', 'smith'));
    expect(await search('family=mu&given=anna')).toEqual(expected('mueller'));
  });
});

describe('quantity search (FHIR R4 search.html#quantity, #number)', () => {
  let store: TestResourceStore;
  let expected: (...names: string[]) => string[];
  const quantity = (value: string) => searchIds(store, 'Observation', `value-quantity=${value}`);

  beforeAll(async () => {
    store = await fixture.newStore();
    const observation = (valueQuantity: object) => ({ resourceType: 'Observation', status: 'final', valueQuantity });
    expected = await createAll(store, {
      mg540: observation({ value: 5.4, unit: 'mg', system: UCUM, code: 'mg' }),
      mg535: observation({ value: 5.35, system: UCUM, code: 'mg' }),
      mg545: observation({ value: 5.45, system: UCUM, code: 'mg' }),
      kg100: observation({ value: 100, unit: 'kg', system: UCUM, code: 'kg' }),
      mmolUnitOnly: observation({ value: 5.4, unit: 'mmol/L' }),
      celsiusBelowZero: observation({ value: -5, system: UCUM, code: 'Cel' }),
    });
  });

  it('matches a number without prefix within the precision it is written with', async () => {
    expect(await quantity('5.4')).toEqual(expected('mg540', 'mg535', 'mmolUnitOnly'));
    expect(await quantity('5.40')).toEqual(expected('mg540', 'mmolUnitOnly'));
    expect(await quantity('100')).toEqual(expected('kg100'));
    expect(await quantity('1e2')).toEqual(expected('kg100'));
  });

  it('narrows by unit given as system|code or as code alone', async () => {
    expect(await quantity(`5.4|${UCUM}|mg`)).toEqual(expected('mg540', 'mg535'));
    expect(await quantity('5.4||mg')).toEqual(expected('mg540', 'mg535'));
    expect(await quantity('5.4||mmol/L')).toEqual(expected('mmolUnitOnly'));
    expect(await quantity('100||mg')).toEqual([]);
    expect(await quantity('5.4|urn:other|mg')).toEqual([]);
  });

  it('compares with gt, ge, lt, le, sa and eb prefixes', async () => {
    expect(await quantity('gt5.4')).toEqual(expected('mg545', 'kg100'));
    expect(await quantity('sa5.4')).toEqual(expected('mg545', 'kg100'));
    expect(await quantity('ge5.4||mg')).toEqual(expected('mg540', 'mg545'));
    expect(await quantity('lt5.4')).toEqual(expected('mg535', 'celsiusBelowZero'));
    expect(await quantity('eb5.4||mg')).toEqual(expected('mg535'));
    expect(await quantity('le5.4||mg')).toEqual(expected('mg540', 'mg535'));
  });

  it('matches ne outside the precision range and ap within ten percent, for negative values too', async () => {
    expect(await quantity('ne5.4||mg')).toEqual(expected('mg545'));
    expect(await quantity('ap100')).toEqual(expected('kg100'));
    expect(await quantity('ap5||mg')).toEqual(expected('mg540', 'mg535', 'mg545'));
    expect(await quantity('ap-5||Cel')).toEqual(expected('celsiusBelowZero'));
  });

  it('treats comma-separated quantities as OR and repeated quantity parameters as AND', async () => {
    expect(await quantity('100||kg,-5||Cel')).toEqual(expected('kg100', 'celsiusBelowZero'));
    expect(await searchIds(store, 'Observation', 'value-quantity=gt5.36&value-quantity=lt5.44')).toEqual(
      expected('mg540', 'mmolUnitOnly'),
    );
  });
});

describe('uri search (FHIR R4 search.html#uri, _profile in #all)', () => {
  const US_CORE = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient';
  const LOCAL = 'http://example.org/StructureDefinition/patient';
  let store: TestResourceStore;
  let expected: (...names: string[]) => string[];
  const profile = (value: string) => searchIds(store, 'Patient', `_profile=${encodeURIComponent(value)}`);

  beforeAll(async () => {
    store = await fixture.newStore();
    expected = await createAll(store, {
      usCore: { resourceType: 'Patient', meta: { profile: [US_CORE] } },
      local: { resourceType: 'Patient', meta: { profile: [LOCAL, `${LOCAL}-extra`] } },
      none: { resourceType: 'Patient' },
    });
  });

  it('matches _profile against any listed profile, exactly', async () => {
    expect(await profile(US_CORE)).toEqual(expected('usCore'));
    expect(await profile(LOCAL)).toEqual(expected('local'));
    expect(await profile(`${LOCAL}-extra`)).toEqual(expected('local'));
  });

  it('does not match a prefix or a different case of the uri', async () => {
    expect(await profile('http://example.org/StructureDefinition')).toEqual([]);
    expect(await profile(US_CORE.toUpperCase())).toEqual([]);
  });

  it('treats comma-separated uris as OR', async () => {
    expect(await profile(`${US_CORE},${LOCAL}`)).toEqual(expected('usCore', 'local'));
  });
});
