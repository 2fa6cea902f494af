import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE, LOINC, linkParameters, matches, nextLink, openSearchSuite, PA_CATEGORY, selfLink, UCUM, type BundleJson, type SearchSuite } from './search-fixture';

/**
 * What a searchset carries besides its matches: `_total`, `_summary=count|data`, `_elements`,
 * and POST `[type]/_search` answering exactly as GET.
 */

let suite: SearchSuite;
let patient: string;
const SUBSETTED = { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED' };

const walk = (metres: number) => ({
  resourceType: 'Observation',
  status: 'final',
  category: [PA_CATEGORY],
  code: { coding: [{ system: LOINC, code: '64098-7' }] },
  subject: { reference: `Patient/${patient}` },
  effectiveDateTime: '2025-02-10T10:00:00Z',
  valueQuantity: { value: metres, unit: 'm', system: UCUM, code: 'm' },
  note: [{ text: 'No assistive device.' }],
  text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Six-minute walk</div>' },
  meta: { tag: [{ system: 'urn:metbridge:test', code: 'kept' }] },
});

beforeAll(async () => {
  suite = await openSearchSuite();
  patient = await suite.create({ resourceType: 'Patient', name: [{ family: 'Rivera' }] });
  for (const metres of [380, 410, 455, 470, 502]) await suite.create(walk(metres));
});
afterAll(() => suite.close());

describe('_total (FHIR R4 search.html#total)', () => {
  it('gives no total by default or with _total=none', async () => {
    expect((await suite.search(`Observation?patient=${patient}&_count=2`)).total).toBeUndefined();
    expect((await suite.search(`Observation?patient=${patient}&_count=2&_total=none`)).total).toBeUndefined();
  });

  it('counts every match across pages with _total=accurate', async () => {
    const first = await suite.search(`Observation?patient=${patient}&_count=2&_total=accurate`);
    expect(first.total).toBe(5);
    expect(matches(first)).toHaveLength(2);
    expect((await suite.search(`Observation?patient=${patient}&value-quantity=gt450&_total=accurate`)).total).toBe(3);
    expect((await suite.search('Observation?code=none&_total=accurate')).total).toBe(0);
  });
});

describe('_summary (FHIR R4 search.html#summary)', () => {
  it('_summary=count answers the total only: no entries and no next link', async () => {
    const counted = await suite.search(`Observation?patient=${patient}&_summary=count&_count=2`);
    expect(counted.total).toBe(5);
    expect(counted.entry).toBeUndefined();
    expect(nextLink(counted)).toBeUndefined();
    expect(linkParameters(selfLink(counted))).toEqual([
      ['patient', patient],
      ['_summary', 'count'],
      ['_count', '2'],
    ]);
  });

  it('_count=0 likewise asks for the total alone', async () => {
    const counted = await suite.search(`Observation?patient=${patient}&_count=0`);
    expect(counted.total).toBe(5);
    expect(counted.entry).toBeUndefined();
  });

  it('_summary=data leaves out the narrative and marks each resource SUBSETTED', async () => {
    const [resource] = matches(await suite.search(`Observation?patient=${patient}&_summary=data&_count=1`));
    expect(resource!.text).toBeUndefined();
    expect(resource!.note).toEqual([{ text: 'No assistive device.' }]);
    expect(resource!.meta.tag).toEqual([{ system: 'urn:metbridge:test', code: 'kept' }, expect.objectContaining(SUBSETTED)]);
  });
});

describe('_elements (FHIR R4 search.html#elements)', () => {
  it('returns the listed top-level elements with the mandatory ones, marked SUBSETTED', async () => {
    const page = await suite.search(`Observation?patient=${patient}&_elements=subject,value`);
    for (const resource of matches(page)) {
      expect(Object.keys(resource).sort()).toEqual(['code', 'id', 'meta', 'resourceType', 'status', 'subject', 'valueQuantity']);
      expect(resource.meta.tag).toContainEqual(expect.objectContaining(SUBSETTED));
      expect(resource.meta.versionId).toBe('1');
    }
  });

  it('keeps the resource as stored when _elements is absent', async () => {
    const [resource] = matches(await suite.search(`Observation?patient=${patient}&_count=1`));
    expect(resource!.note).toBeDefined();
    expect(resource!.meta.tag).toEqual([{ system: 'urn:metbridge:test', code: 'kept' }]);
  });

  it('subsets the matches only, not the resources included with them', async () => {
    const page = await suite.search(`Observation?patient=${patient}&_elements=status&_include=Observation:patient&_count=1`);
    const included = page.entry!.find((entry) => entry.search.mode === 'include')!.resource;
    expect(included.name).toEqual([{ family: 'Rivera' }]);
    expect(included.meta.tag).toBeUndefined();
  });
});

describe('POST [type]/_search (FHIR R4 http.html#search)', () => {
  async function post(path: string, form: string, contentType = 'application/x-www-form-urlencoded') {
    return suite.t.app.request(`/fhir/${path}`, { method: 'POST', headers: { ...suite.auth, 'content-type': contentType }, body: form });
  }

  const comparable = (bundle: BundleJson) => JSON.stringify(bundle);

  it('answers the same searchset as GET, links and total included, for the same parameters', async () => {
    for (const query of [
      `patient=${patient}&value-quantity=ge410&_total=accurate&_count=2`,
      `patient=Patient/${patient}&_sort=-_lastUpdated&_include=Observation:patient&_elements=status`,
      'code=http://loinc.org|64098-7&_summary=count',
    ]) {
      const viaGet = await suite.search(`Observation?${query}`);
      const response = await post('Observation/_search', new URLSearchParams(query).toString());
      expect(response.status, query).toBe(200);
      expect(comparable(await response.json()), query).toBe(comparable(viaGet));
    }
  });

  it('takes parameters from both the URL and the form body, and pages on with GET through the next link', async () => {
    const response = await post(`Observation/_search?patient=${patient}`, '_count=2&value-quantity=gt400');
    const page = (await response.json()) as BundleJson;
    expect(matches(page)).toHaveLength(2);
    expect(selfLink(page)).toBe(`${BASE}/Observation?patient=${patient}&_count=2&value-quantity=gt400`);
    const rest = await suite.ids(nextLink(page)!.replace(`${BASE}/`, ''));
    expect(rest).toHaveLength(2);
  });

  it('refuses a body that is not a form with 415', async () => {
    expect((await post('Observation/_search', '{"patient":"x"}', 'application/json')).status).toBe(415);
  });
});
