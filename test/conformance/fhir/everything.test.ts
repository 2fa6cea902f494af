import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/lib/clock';
import { createTestPractice } from '../../support/practices';
import { createTestApp, systemPrincipal, TEST_ADMIN_TOKEN, type TestApp } from '../../support/test-app';
import { FHIR_JSON_HEADERS, hypertension, patient, sixMinuteWalk } from './bundle-fixtures';

const clock = fixedClock(new Date('2026-03-01T08:00:00Z'));
let t: TestApp;
let auth: Record<string, string>;
let otherAuth: Record<string, string>;
let ada: string;
let observationIds: string[];
let conditionId: string;
let otherPatientsObservation: string;

interface Entry {
  fullUrl: string;
  resource: { resourceType: string; id: string };
  search: { mode: string };
}

async function create(resource: object): Promise<string> {
  const response = await t.app.request(`/fhir/${(resource as { resourceType: string }).resourceType}`, {
    method: 'POST',
    headers: { ...auth, ...FHIR_JSON_HEADERS },
    body: JSON.stringify(resource),
  });
  expect(response.status).toBe(201);
  return (await response.json()).id;
}

async function everything(query: string, as = auth) {
  return t.app.request(`/fhir/Patient/${ada}/$everything${query}`, { headers: as });
}

/** Follows next links from `query` and returns every page. */
async function allPages(query: string) {
  const pages = [];
  let url: string | undefined = `/fhir/Patient/${ada}/$everything${query}`;
  while (url) {
    const response = await t.app.request(url, { headers: auth });
    expect(response.status).toBe(200);
    const page = await response.json();
    pages.push(page);
    url = page.link.find((link: { relation: string }) => link.relation === 'next')?.url.replace('http://localhost:8787', '');
  }
  return pages;
}

beforeAll(async () => {
  t = await createTestApp({ ADMIN_TOKEN: TEST_ADMIN_TOKEN }, clock);
  auth = t.authorize(systemPrincipal(await createTestPractice(t.repositories, 'Stride Clinic')));
  otherAuth = t.authorize(systemPrincipal(await createTestPractice(t.repositories, 'Other Clinic')));
  ada = await create(patient(`MRN-${crypto.randomUUID()}`));
  const bea = await create(patient(`MRN-${crypto.randomUUID()}`, 'Mensah'));
  conditionId = await create(hypertension(`Patient/${ada}`));
  observationIds = [];
  for (const metres of [380, 410, 455]) observationIds.push(await create(sixMinuteWalk(`Patient/${ada}`, metres)));
  otherPatientsObservation = await create(sixMinuteWalk(`Patient/${bea}`));
});
afterAll(() => t.close());

describe('Patient/[id]/$everything', () => {
  it('returns the Patient first, then every resource that points at it, as a searchset', async () => {
    const response = await everything('');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/fhir+json');
    const body = await response.json();
    expect(body.type).toBe('searchset');
    const entries: Entry[] = body.entry;
    expect(entries[0]!.resource).toMatchObject({ resourceType: 'Patient', id: ada });
    const ids = entries.map((entry) => entry.resource.id);
    expect(ids.sort()).toEqual([ada, conditionId, ...observationIds].sort());
    expect(ids).not.toContain(otherPatientsObservation);
    for (const entry of entries) {
      expect(entry.search.mode).toBe('match');
      expect(entry.fullUrl).toBe(`http://localhost:8787/fhir/${entry.resource.resourceType}/${entry.resource.id}`);
    }
    expect(body.link[0]).toEqual({ relation: 'self', url: `http://localhost:8787/fhir/Patient/${ada}/$everything` });
  });

  it('restricts the types with _type, keeping the Patient', async () => {
    const body = await (await everything('?_type=Observation')).json();
    const types = body.entry.map((entry: Entry) => entry.resource.resourceType);
    expect(types).toEqual(['Patient', 'Observation', 'Observation', 'Observation']);
    const conditions = await (await everything('?_type=Condition,Goal')).json();
    expect(conditions.entry.map((entry: Entry) => entry.resource.id)).toEqual([ada, conditionId]);
  });

  it('keeps only resources updated at or after _since', async () => {
    clock.advance(60 * 60 * 1000);
    const since = clock.now().toISOString();
    const current = await (await t.app.request(`/fhir/Observation/${observationIds[1]}`, { headers: auth })).json();
    const updated = await t.app.request(`/fhir/Observation/${observationIds[1]}`, {
      method: 'PUT',
      headers: { ...auth, ...FHIR_JSON_HEADERS },
      body: JSON.stringify({ ...current, note: [{ text: 'Re-measured on the indoor track.' }] }),
    });
    expect(updated.status).toBe(200);
    const body = await (await everything(`?_since=${encodeURIComponent(since)}`)).json();
    expect(body.entry.map((entry: Entry) => entry.resource.id)).toEqual([ada, observationIds[1]]);
  });

  it('pages with _count and a next link that keeps the parameters, never repeating or skipping a resource', async () => {
    const pages = await allPages('?_count=2&_type=Observation,Condition');
    expect(pages.map((page) => page.entry?.length ?? 0)).toEqual([2, 2, 1]);
    const ids = pages.flatMap((page) => page.entry.map((entry: Entry) => entry.resource.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual([ada, conditionId, ...observationIds].sort());
    const next = new URL(pages[0].link.find((link: { relation: string }) => link.relation === 'next').url);
    expect(next.searchParams.get('_count')).toBe('2');
    expect(next.searchParams.get('_type')).toBe('Observation,Condition');
    expect(next.searchParams.get('_cursor')).toBeTruthy();
    expect(pages.at(-1).link.some((link: { relation: string }) => link.relation === 'next')).toBe(false);
  });

  it('answers 404 for an unknown patient and for another practice’s patient', async () => {
    expect((await t.app.request(`/fhir/Patient/${crypto.randomUUID()}/$everything`, { headers: auth })).status).toBe(404);
    const foreign = await everything('', otherAuth);
    expect(foreign.status).toBe(404);
    expect((await foreign.json()).issue[0].code).toBe('not-found');
  });

  it('answers 410 for a deleted patient', async () => {
    const gone = await create(patient(`MRN-${crypto.randomUUID()}`));
    await t.app.request(`/fhir/Patient/${gone}`, { method: 'DELETE', headers: auth });
    expect((await t.app.request(`/fhir/Patient/${gone}/$everything`, { headers: auth })).status).toBe(410);
  });

  it('refuses a forged cursor, a zero _count and a malformed _since with 400', async () => {
    expect((await everything('?_cursor=bm90LWEtY3Vyc29y')).status).toBe(400);
    expect((await everything('?_count=0')).status).toBe(400);
    expect((await everything('?_since=yesterday')).status).toBe(400);
  });

  it('ignores unsupported parameters unless Prefer: handling=strict', async () => {
    const lenient = await everything('?start=2026-01-01');
    expect(lenient.status).toBe(200);
    expect((await lenient.json()).link[0].url).not.toContain('start');
    const strict = await t.app.request(`/fhir/Patient/${ada}/$everything?start=2026-01-01`, {
      headers: { ...auth, prefer: 'handling=strict' },
    });
    expect(strict.status).toBe(400);
  });

  it('answers 404 for an operation that is not registered', async () => {
    expect((await t.app.request(`/fhir/Observation/${observationIds[0]}/$everything`, { headers: auth })).status).toBe(404);
    expect((await t.app.request(`/fhir/Patient/${ada}/$validate`, { headers: auth })).status).toBe(404);
  });

  it('needs a bearer token', async () => {
    expect((await t.app.request(`/fhir/Patient/${ada}/$everything`)).status).toBe(401);
  });
});
