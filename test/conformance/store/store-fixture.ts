import { and, count, eq } from 'drizzle-orm';
import { createRepositories, type Repositories } from '../../../src/db/repositories';
import type { PracticeResourceStore, ResourceInput } from '../../../src/db/resource-store/resource-store';
import type {
  CreateOptions,
  CreateResult,
  StoredResource,
  UpdateOptions,
} from '../../../src/db/resource-store/types';
import * as schema from '../../../src/db/schema';
import { parseSearch } from '../../../src/fhir/search/parse';
import type { SearchClause } from '../../../src/fhir/search/types';
import { fixedClock } from '../../../src/lib/clock';
import type { NodeDatabase } from '../../../src/node/database';
import { createTestPractice } from '../../support/practices';
import { openTestDatabase } from '../../support/test-database';

/** The instant the store's clock starts at in every conformance test file. */
export const START = new Date('2025-01-15T09:00:00.000Z');

/** FHIR JSON as tests write it inline: any elements, not checked against the FHIR types. */
export type ResourceJson = ResourceInput & Record<string, unknown>;

/**
 * The resource store as tests use it: the real store, typed to take resource JSON literals. Any
 * PracticeResourceStore is one, so no test touches anything but the store itself.
 */
export interface TestResourceStore extends Omit<PracticeResourceStore, 'create' | 'update' | 'transaction'> {
  transaction<T>(work: (store: TestResourceStore) => Promise<T>): Promise<T>;
  create(input: ResourceJson, options?: CreateOptions): Promise<CreateResult>;
  update(input: ResourceJson & { id: string }, options?: UpdateOptions): Promise<StoredResource>;
}

/** One database per test file, repositories on a clock the test moves, and helpers to reach the store. */
export interface StoreFixture {
  database: NodeDatabase;
  clock: ReturnType<typeof fixedClock>;
  repositories: Repositories;
  /** A new practice (tenant) of its own and its resource store: how tests isolate from each other. */
  newStore(name?: string): Promise<TestResourceStore>;
  /** The store of an existing practice through other repositories (a transaction's). */
  storeOf(repositories: Repositories, practiceId: string): TestResourceStore;
  close(): Promise<void>;
}

export async function openStoreFixture(): Promise<StoreFixture> {
  const database = await openTestDatabase();
  const clock = fixedClock(START);
  const repositories = createRepositories(database.db, clock);
  return {
    database,
    clock,
    repositories,
    newStore: async (name) => repositories.resourcesOf(await createTestPractice(repositories, name)),
    storeOf: (other, practiceId) => other.resourcesOf(practiceId),
    close: () => database.close(),
  };
}

/** The clauses of a FHIR query string, as the API would hand them to the store. */
export function clauses(resourceType: string, query: string): SearchClause[] {
  return parseSearch(resourceType, new URLSearchParams(query)).clauses;
}

/** The ids of every current resource matching `query`, following next cursors to the end. */
export async function searchIds(store: TestResourceStore, resourceType: string, query = ''): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.search(resourceType, { clauses: clauses(resourceType, query), count: 50, cursor });
    ids.push(...page.resources.map((resource) => resource.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids.sort();
}

/** The resource JSON of a stored version; fails the test for a tombstone. */
export function contentOf(stored: StoredResource | undefined): Record<string, unknown> & { meta: Record<string, unknown> } {
  if (!stored?.json) throw new Error('expected a stored version with content');
  return JSON.parse(stored.json);
}

/** Row counts of one practice in the resource, history and index tables, read straight from the database. */
export async function rowCounts(fixture: StoreFixture, practiceId: string): Promise<Record<string, number>> {
  const { db } = fixture.database;
  const tables = {
    resources: schema.resources,
    resourceVersions: schema.resourceVersions,
    searchTokens: schema.searchTokens,
    searchReferences: schema.searchReferences,
    searchDates: schema.searchDates,
    searchStrings: schema.searchStrings,
    searchQuantities: schema.searchQuantities,
    searchUris: schema.searchUris,
    uniqueIdentifiers: schema.uniqueIdentifiers,
  };
  const counts: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) {
    const [row] = await db.select({ rows: count() }).from(table).where(eq(table.practiceId, practiceId));
    counts[name] = row?.rows ?? 0;
  }
  return counts;
}

/** Every stored version of one resource, straight from resource_versions, oldest first. */
export async function versionRows(fixture: StoreFixture, practiceId: string, resourceType: string, id: string) {
  const { resourceVersions } = schema;
  return fixture.database.db
    .select({ versionId: resourceVersions.versionId, deleted: resourceVersions.deleted })
    .from(resourceVersions)
    .where(
      and(
        eq(resourceVersions.practiceId, practiceId),
        eq(resourceVersions.resourceType, resourceType),
        eq(resourceVersions.id, id),
      ),
    )
    .orderBy(resourceVersions.versionId);
}
