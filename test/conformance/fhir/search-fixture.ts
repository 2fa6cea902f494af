import { expect } from 'vitest';
import type { StoredResource } from '../../../src/db/resource-store/types';
import { fixedClock } from '../../../src/lib/clock';
import { createTestPractice } from '../../support/practices';
import { createTestApp, systemPrincipal, TEST_ADMIN_TOKEN, type TestApp } from '../../support/test-app';

/**
 * What the search conformance files share: the app on a clock the tests move, a practice per
 * suite, resources written straight through the practice's store (so the fixtures do not depend
 * on write validation), and searches made over HTTP the way an EHR makes them.
 */

export const BASE = 'http://localhost:8787/fhir';
export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
export const PA_CATEGORY = {
  coding: [{ system: 'http://hl7.org/fhir/us/physical-activity/CodeSystem/pa-temporary-codes', code: 'PhysicalActivity' }],
};

export interface BundleJson {
  resourceType: 'Bundle';
  type: string;
  total?: number;
  link?: { relation: string; url: string }[];
  entry?: { fullUrl: string; resource: ResourceJson; search: { mode: string } }[];
}

export type ResourceJson = { resourceType: string; id: string; meta: { versionId: string; lastUpdated: string; tag?: unknown[] } } & Record<
  string,
  unknown
>;

export interface SearchSuite {
  t: TestApp;
  clock: ReturnType<typeof fixedClock>;
  practiceId: string;
  auth: Record<string, string>;
  /** Writes `resource` in this practice (each write one second after the previous) and returns its id. */
  create(resource: { resourceType: string } & Record<string, unknown>): Promise<string>;
  update(resource: { resourceType: string; id: string } & Record<string, unknown>): Promise<StoredResource>;
  remove(resourceType: string, id: string): Promise<void>;
  /** GET `/fhir/{path}`, expecting 200, as a Bundle. */
  search(path: string, headers?: Record<string, string>): Promise<BundleJson>;
  /** GET `/fhir/{path}` as the raw response. */
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** The ids of the match entries of every page, following next links. */
  ids(path: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function openSearchSuite(start = new Date('2025-03-01T08:00:00Z')): Promise<SearchSuite> {
  const clock = fixedClock(start);
  const t = await createTestApp({ ADMIN_TOKEN: TEST_ADMIN_TOKEN }, clock);
  const practiceId = await createTestPractice(t.repositories, 'Search Clinic');
  const auth = t.authorize(systemPrincipal(practiceId));
  const store = t.repositories.resourcesOf(practiceId);
  const get = async (path: string, headers: Record<string, string> = {}) =>
    t.app.request(`/fhir/${path}`, { headers: { ...auth, ...headers } });
  const search = async (path: string, headers: Record<string, string> = {}) => {
    const response = await get(path, headers);
    expect(response.status, `GET ${path}: ${response.status === 200 ? '' : await response.clone().text()}`).toBe(200);
    return (await response.json()) as BundleJson;
  };
  return {
    t,
    clock,
    practiceId,
    auth,
    async create(resource) {
      clock.advance(1000);
      return (await store.create(resource)).resource.id;
    },
    async update(resource) {
      clock.advance(1000);
      return store.update(resource);
    },
    async remove(resourceType, id) {
      clock.advance(1000);
      await store.delete(resourceType, id);
    },
    get,
    search,
    async ids(path) {
      const ids: string[] = [];
      let next: string | undefined = path;
      while (next) {
        const page = await search(next);
        ids.push(...matches(page).map((resource) => resource.id));
        next = nextLink(page)?.replace(`${BASE}/`, '');
      }
      return ids;
    },
    close: () => t.close(),
  };
}

/** The resources of a page's match entries, in order. */
export function matches(bundle: BundleJson): ResourceJson[] {
  return (bundle.entry ?? []).filter((entry) => entry.search.mode === 'match').map((entry) => entry.resource);
}

/** The resources of a page's include entries, in order. */
export function included(bundle: BundleJson): ResourceJson[] {
  return (bundle.entry ?? []).filter((entry) => entry.search.mode === 'include').map((entry) => entry.resource);
}

export function selfLink(bundle: BundleJson): string | undefined {
  return bundle.link?.find((link) => link.relation === 'self')?.url;
}

export function nextLink(bundle: BundleJson): string | undefined {
  return bundle.link?.find((link) => link.relation === 'next')?.url;
}

/** The query parameters of a link, in order. */
export function linkParameters(url: string | undefined): [string, string][] {
  return [...new URL(url ?? 'http://invalid/').searchParams.entries()];
}

/** Sorted, for comparing sets of ids. */
export const sorted = (ids: readonly (string | undefined)[]): string[] => ids.map((id) => id!).sort();
