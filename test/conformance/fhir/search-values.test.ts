import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, LOINC, linkParameters, openSearchSuite, selfLink, sorted, UCUM, type SearchSuite } from './search-fixture';

/**
 * How values, prefixes and modifiers match, over HTTP: token and reference forms, date prefixes
 * over partial dates and Periods, string matching, `:missing` for every parameter type, OR and
 * AND, and what happens to what the server does not support.
 */

let suite: SearchSuite;
const id: Record<string, string> = {};
const LOCAL = 'urn:metbridge:test:local-codes';
const PROFILE = 'http://example.org/StructureDefinition/met-assessment';

const found = async (query: string) => sorted(await suite.ids(query));
const expected = (...names: string[]) => sorted(names.map((name) => id[name]));

const observation = (extra: Record<string, unknown>) => ({ resourceType: 'Observation', status: 'final', ...extra });

beforeAll(async () => {
  suite = await openSearchSuite();
  const { create } = suite;
  id.ana = await create({ resourceType: 'Patient', name: [{ family: 'Müller-Rivera', given: ['Ana'] }], gender: 'female' });
  id.bea = await create({ resourceType: 'Patient', name: [{ family: 'muller', given: ['Beatriz'] }] });
  id.cal = await create({ resourceType: 'Patient', name: [{ family: 'Okafor', given: ['Calvin'], text: 'Calvin Okafor-Müller' }] });
  id.unnamed = await create({ resourceType: 'Patient', gender: 'unknown' });

  // Token forms: a LOINC code, the same code in a local system, and the code without a system.
  id.loinc = await create(observation({ code: { coding: [{ system: LOINC, code: '8867-4' }] }, subject: { reference: `Patient/${id.ana}` } }));
  id.local = await create(observation({ code: { coding: [{ system: LOCAL, code: '8867-4' }] }, subject: { reference: `Patient/${id.bea}` } }));
  id.bare = await create(observation({ code: { coding: [{ code: '8867-4' }] }, status: 'amended' }));
  id.walk = await create(
    observation({
      code: { coding: [{ system: LOINC, code: '64098-7' }] },
      subject: { reference: `https://ehr.example.org/fhir/Patient/${id.ana}` },
      valueQuantity: { value: 420, unit: 'm', system: UCUM, code: 'm' },
      meta: { profile: [PROFILE] },
    }),
  );
  id.onGroup = await create(observation({ code: { text: 'group' }, subject: { reference: `Group/${id.ana}` } }));

  // Dates: partial dates, an instant, a Period and open Periods.
  id.year = await create(observation({ code: { text: 'year' }, effectiveDateTime: '2024' }));
  id.month = await create(observation({ code: { text: 'month' }, effectiveDateTime: '2024-03' }));
  id.day = await create(observation({ code: { text: 'day' }, effectiveDateTime: '2024-03-05' }));
  id.instant = await create(observation({ code: { text: 'instant' }, effectiveDateTime: '2024-03-05T10:30:00Z' }));
  id.period = await create(observation({ code: { text: 'period' }, effectivePeriod: { start: '2024-03-01', end: '2024-03-10' } }));
  id.openEnd = await create(observation({ code: { text: 'openEnd' }, effectivePeriod: { start: '2024-06-01' } }));
  id.openStart = await create(observation({ code: { text: 'openStart' }, effectivePeriod: { end: '2023-12-31' } }));
});
afterAll(() => suite.close());

const dated = ['year', 'month', 'day', 'instant', 'period', 'openEnd', 'openStart'];

describe('token search (FHIR R4 search.html#token)', () => {
  it('matches system|code on both parts', async () => {
    expect(await found(`Observation?code=${LOINC}|8867-4`)).toEqual(expected('loinc'));
  });

  it('matches |code only where the coding has no system', async () => {
    expect(await found('Observation?code=|8867-4')).toEqual(expected('bare'));
  });

  it('matches code under any system or none', async () => {
    expect(await found('Observation?code=8867-4')).toEqual(expected('loinc', 'local', 'bare'));
  });

  it('matches system| on any code of that system', async () => {
    expect(await found(`Observation?code=${LOINC}|`)).toEqual(expected('loinc', 'walk'));
  });

  it('with :not, finds the resources that have no matching code, those without the parameter included', async () => {
    const all = await found('Observation');
    const notHeartRate = await found('Observation?code:not=8867-4');
    expect(notHeartRate).toEqual(all.filter((each) => ![id.loinc, id.local, id.bare].includes(each)));
    expect(await found('Observation?status:not=final')).toEqual(expected('bare'));
  });
});

describe('reference search (FHIR R4 search.html#reference)', () => {
  it('matches Type/id and a bare id alike', async () => {
    expect(await found(`Observation?patient=Patient/${id.ana}`)).toEqual(expected('loinc', 'walk'));
    expect(await found(`Observation?patient=${id.ana}`)).toEqual(expected('loinc', 'walk'));
  });

  it('matches an absolute reference by its type and id', async () => {
    expect(await found(`Observation?subject=https://other.example/fhir/Patient/${id.ana}`)).toEqual(expected('loinc', 'walk'));
  });

  it('narrows a bare id to one type with the :[type] modifier, and matches any type without it', async () => {
    expect(await found(`Observation?subject:Group=${id.ana}`)).toEqual(expected('onGroup'));
    expect(await found(`Observation?subject=${id.ana}`)).toEqual(expected('loinc', 'walk', 'onGroup'));
  });
});

describe('date search (FHIR R4 search.html#date, #prefix)', () => {
  const date = (value: string) => found(`Observation?date=${value}`);

  it('eq (and no prefix): the value range lies within the search range, at the precision given', async () => {
    expect(await date('2024-03')).toEqual(expected('month', 'day', 'instant', 'period'));
    expect(await date('eq2024-03-05')).toEqual(expected('day', 'instant'));
    expect(await date('2024')).toEqual(expected('year', 'month', 'day', 'instant', 'period'));
  });

  it('ne: the value range does not lie within the search range', async () => {
    expect(await date('ne2024-03')).toEqual(expected('year', 'openEnd', 'openStart'));
  });

  it('gt and ge: some of the value range lies after (or at) the search value, open ends included', async () => {
    expect(await date('gt2024-03-10')).toEqual(expected('year', 'month', 'openEnd'));
    expect(await date('ge2024-06-01')).toEqual(expected('year', 'openEnd'));
  });

  it('lt and le: some of the value range lies before (or at) the search value, open starts included', async () => {
    expect(await date('lt2024-03-01')).toEqual(expected('year', 'openStart'));
    expect(await date('le2024-03-01')).toEqual(expected('year', 'month', 'period', 'openStart'));
  });

  it('sa and eb: the whole value range starts after, or ends before, the search range', async () => {
    expect(await date('sa2024-03-31')).toEqual(expected('openEnd'));
    expect(await date('eb2024-03-05')).toEqual(expected('openStart'));
    expect(await date('eb2024')).toEqual(expected('openStart'));
  });

  it('compares dateTimes with a time zone in UTC, at second precision', async () => {
    expect(await date('2024-03-05T11:30:00%2B01:00')).toEqual(expected('instant'));
    expect(await date('gt2024-03-05T10:30:00Z')).toEqual(expected('year', 'month', 'day', 'period', 'openEnd'));
  });

  it('refuses a date it cannot read with 400', async () => {
    expect((await suite.get('Observation?date=last-tuesday')).status).toBe(400);
    expect((await suite.get('Observation?date=2024-02-30')).status).toBe(400);
  });
});

describe('string search (FHIR R4 search.html#string)', () => {
  it('matches from the start of any word-part value, ignoring case and accents', async () => {
    expect(await found('Patient?family=MULLER')).toEqual(expected('ana', 'bea'));
    expect(await found('Patient?family=müll')).toEqual(expected('ana', 'bea'));
    expect(await found('Patient?family=rivera')).toEqual([]);
  });

  it(':exact matches the whole value as written, case and accents included', async () => {
    expect(await found('Patient?family:exact=Müller-Rivera')).toEqual(expected('ana'));
    expect(await found('Patient?family:exact=muller')).toEqual(expected('bea'));
    expect(await found('Patient?family:exact=Muller')).toEqual([]);
    expect(await found('Patient?family:exact=Müller')).toEqual([]);
  });

  it(':contains matches anywhere in the value, ignoring case and accents', async () => {
    expect(await found('Patient?family:contains=RIVER')).toEqual(expected('ana'));
    expect(await found('Patient?name:contains=muller')).toEqual(expected('ana', 'bea', 'cal'));
  });
});

describe('combining values (FHIR R4 search.html#combining)', () => {
  it('treats comma-separated values as alternatives (OR)', async () => {
    expect(await found(`Observation?code=${LOINC}|64098-7,|8867-4`)).toEqual(expected('walk', 'bare'));
    expect(await found('Observation?date=2024-03-05,2023')).toEqual(expected('day', 'instant'));
    expect(await found('Patient?given=cal,bea')).toEqual(expected('bea', 'cal'));
  });

  it('requires every repeated parameter to hold (AND)', async () => {
    expect(await found('Observation?date=ge2024-03-01&date=le2024-03-31')).toEqual(
      expected('year', 'month', 'day', 'instant', 'period'),
    );
    expect(await found('Observation?date=ge2024-03-02&date=lt2024-03-06')).toEqual(expected('year', 'month', 'day', 'instant', 'period'));
    expect(await found(`Observation?code=8867-4&patient=${id.bea}`)).toEqual(expected('local'));
    expect(await found('Patient?family=muller&given=bea')).toEqual(expected('bea'));
  });
});

describe(':missing on every parameter type (FHIR R4 search.html#modifiers)', () => {
  it('token, reference and date', async () => {
    expect(await found('Patient?gender:missing=true')).toEqual(expected('bea', 'cal'));
    expect(await found('Patient?gender:missing=false')).toEqual(expected('ana', 'unnamed'));
    expect(await found('Observation?subject:missing=true')).toEqual(expected('bare', ...dated));
    expect(await found('Observation?patient:missing=false')).toEqual(expected('loinc', 'local', 'walk'));
    expect(await found('Observation?date:missing=false')).toEqual(expected(...dated));
  });

  it('string, quantity and uri', async () => {
    expect(await found('Patient?family:missing=true')).toEqual(expected('unnamed'));
    expect(await found('Observation?value-quantity:missing=false')).toEqual(expected('walk'));
    expect(await found('Observation?_profile:missing=false')).toEqual(expected('walk'));
  });

  it('refuses a value other than true or false with 400', async () => {
    expect((await suite.get('Patient?gender:missing=maybe')).status).toBe(400);
  });
});

describe('what the server does not support (FHIR R4 search.html#errors)', () => {
  it('ignores an unsupported modifier, leaves it out of the self link, and does not run a broader search', async () => {
    const page = await suite.search(`Observation?code:below=${LOINC}|8867&status=amended`);
    expect(page.entry?.map((entry) => entry.resource.id)).toEqual([id.bare]);
    expect(linkParameters(selfLink(page))).toEqual([['status', 'amended']]);
  });

  it('ignores unknown parameters and unsupported result parameters, and says so in the self link', async () => {
    const page = await suite.search('Patient?family=okafor&shoe-size=44&_summary=true&_include:iterate=Task:focus&_has:Observation:patient:code=x');
    expect(page.entry?.map((entry) => entry.resource.id)).toEqual([id.cal]);
    expect(selfLink(page)).toBe(`${BASE}/Patient?family=okafor`);
  });

  it('refuses the same requests with 400 and an OperationOutcome under Prefer: handling=strict', async () => {
    for (const query of [`Observation?code:below=${LOINC}|8867`, 'Patient?shoe-size=44', 'Patient?_summary=true', 'Patient?_sort=family']) {
      const response = await suite.get(query, { prefer: 'handling=strict' });
      expect(response.status, query).toBe(400);
      const outcome = await response.json();
      expect(outcome.resourceType).toBe('OperationOutcome');
      expect(outcome.issue[0].diagnostics).toMatch(/unsupported/i);
    }
  });

  it('accepts supported parameters under Prefer: handling=strict', async () => {
    const response = await suite.get('Patient?family:exact=muller&gender:missing=true', { prefer: 'handling=strict' });
    expect(response.status).toBe(200);
  });

  it('refuses malformed values of supported parameters with 400 whatever the handling', async () => {
    for (const query of ['Patient?_count=many', 'Patient?_total=all', 'Patient?_summary=everything', 'Patient?_elements=name.family', 'Observation?value-quantity=lots']) {
      expect((await suite.get(query)).status, query).toBe(400);
    }
  });
});
