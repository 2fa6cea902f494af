import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { SearchClause } from '../../fhir/search/types';
import { decodeBase64UrlText, encodeBase64UrlText } from '../../lib/base64url';
import type { Clock } from '../../lib/clock';
import { isUuid, newId } from '../../lib/ids';
import type { Database } from '../database';
import { isUniqueViolation } from '../errors';
import { resourceVersions } from '../schema/resource-versions';
import { resources } from '../schema/resources';
import { preparedReads } from './prepared-reads';
import { includedResources } from './search-includes';
import { searchStatements, type SearchStatements } from './search-query';
import { encodeSearchCursor, searchOrder, type SearchOrder } from './search-sort';
import { clearSearchIndex, writeSearchIndex } from './search-index';
import {
  StoreError,
  type CreateOptions,
  type CreateResult,
  type HistoryPage,
  type HistoryRequest,
  type SearchPage,
  type SearchRequest,
  type StoredResource,
  type UpdateOptions,
} from './types';

/** Any FHIR resource; `id` and `meta.versionId`/`meta.lastUpdated` are assigned by the store. */
export interface ResourceInput {
  resourceType: string;
  id?: string;
  meta?: object;
}

/**
 * The FHIR resource store of one practice: the system of record for clinical data. Every
 * statement is scoped to the practice given at construction, so a resource of another practice
 * does not exist here — on read, search and history alike.
 * @see https://hl7.org/fhir/R4/http.html
 */
export class PracticeResourceStore {
  constructor(
    private readonly db: Database,
    readonly practiceId: string,
    private readonly clock: Clock,
  ) {}

  /** Runs `work` in one transaction (a savepoint when already inside one). */
  transaction<T>(work: (store: PracticeResourceStore) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => work(new PracticeResourceStore(tx, this.practiceId, this.clock)));
  }

  /** @see https://hl7.org/fhir/R4/http.html#ccreate */
  async create(input: ResourceInput, options: CreateOptions = {}): Promise<CreateResult> {
    return this.db.transaction(async (tx) => {
      const store = new PracticeResourceStore(tx, this.practiceId, this.clock);
      if (options.ifNoneExist) {
        const existing = await store.findForConditionalCreate(input.resourceType, options.ifNoneExist);
        if (existing) return { outcome: 'existing', resource: existing };
      }
      const id = options.id ?? newId();
      const stored = await store.writeVersion(input, id, 1, false);
      await tx.insert(resources).values(rowOf(this.practiceId, stored));
      return { outcome: 'created', resource: stored };
    });
  }

  async read(resourceType: string, id: string): Promise<StoredResource | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await preparedReads(this.db).current.execute({ practiceId: this.practiceId, resourceType, id });
    return row && { resourceType, id, ...row };
  }

  async vread(resourceType: string, id: string, versionId: number): Promise<StoredResource | undefined> {
    if (!isUuid(id) || !Number.isSafeInteger(versionId)) return undefined;
    const [row] = await preparedReads(this.db).version.execute({
      practiceId: this.practiceId,
      resourceType,
      id,
      versionId,
    });
    return row && { resourceType, id, ...row };
  }

  /** @see https://hl7.org/fhir/R4/http.html#update and #concurrency */
  async update(input: ResourceInput & { id: string }, options: UpdateOptions = {}): Promise<StoredResource> {
    const { resourceType, id } = input;
    if (!isUuid(id)) throw new StoreError('not-found', `${resourceType}/${id} does not exist.`);
    return this.db.transaction(async (tx) => {
      const store = new PracticeResourceStore(tx, this.practiceId, this.clock);
      const current = await store.lockCurrentVersion(resourceType, id);
      if (current === undefined) throw new StoreError('not-found', `${resourceType}/${id} does not exist.`);
      if (options.expectedVersion !== undefined && options.expectedVersion !== current) {
        throw new StoreError(
          'version-conflict',
          `${resourceType}/${id} is at version ${current}, not ${options.expectedVersion}.`,
        );
      }
      const stored = await store.writeVersion(input, id, current + 1, true);
      await tx
        .update(resources)
        .set({ versionId: stored.versionId, lastUpdated: stored.lastUpdated, deleted: false, content: stored.json })
        .where(store.currentRow(resourceType, id));
      return stored;
    });
  }

  /** Deletes by writing a tombstone version; deleting a deleted resource changes nothing. */
  async delete(resourceType: string, id: string): Promise<StoredResource> {
    if (!isUuid(id)) throw new StoreError('not-found', `${resourceType}/${id} does not exist.`);
    return this.db.transaction(async (tx) => {
      const store = new PracticeResourceStore(tx, this.practiceId, this.clock);
      const [row] = await tx
        .select({ versionId: resources.versionId, deleted: resources.deleted, lastUpdated: resources.lastUpdated })
        .from(resources)
        .where(store.currentRow(resourceType, id))
        .for('update');
      if (!row) throw new StoreError('not-found', `${resourceType}/${id} does not exist.`);
      if (row.deleted) return { resourceType, id, ...row, json: null };
      const tombstone: StoredResource = {
        resourceType,
        id,
        versionId: row.versionId + 1,
        lastUpdated: this.clock.now(),
        deleted: true,
        json: null,
      };
      await tx.insert(resourceVersions).values(rowOf(this.practiceId, tombstone));
      await tx
        .update(resources)
        .set({ versionId: tombstone.versionId, lastUpdated: tombstone.lastUpdated, deleted: true, content: null })
        .where(store.currentRow(resourceType, id));
      await clearSearchIndex(tx, { practiceId: this.practiceId, resourceType, id });
      return tombstone;
    });
  }

  /**
   * Current, non-deleted resources matching every clause, in `_sort` order (id order by default,
   * which writes never change), keyset-paged; with the total and included resources on request.
   * @see https://hl7.org/fhir/R4/search.html
   */
  async search(resourceType: string, request: SearchRequest): Promise<SearchPage> {
    const order = searchOrder(request.sort ?? []);
    const statements = searchStatements(this.db, { practiceId: this.practiceId, resourceType, clauses: request.clauses, order });
    const [page, total] = await Promise.all([
      request.count > 0 ? this.searchPage(resourceType, statements, order, request) : { resources: [] },
      request.total ? statements.total() : undefined,
    ]);
    const result: SearchPage = total === undefined ? page : { ...page, total };
    if (request.includes?.length) {
      result.included = await includedResources(this.db, this.practiceId, resourceType, page.resources, request.includes);
    }
    return result;
  }

  private async searchPage(
    resourceType: string,
    statements: SearchStatements,
    order: SearchOrder,
    request: SearchRequest,
  ): Promise<SearchPage> {
    const rows = await statements.page(request.count, request.cursor);
    const page = rows.slice(0, request.count).map(({ id, json }) => ({ resourceType, id, json }));
    const last = rows[request.count - 1];
    return rows.length > request.count && last
      ? { resources: page, nextCursor: encodeSearchCursor(order, last.position) }
      : { resources: page };
  }

  /** Instance, type or practice history, newest first, keyset-paged. @see https://hl7.org/fhir/R4/http.html#history */
  async history(request: HistoryRequest): Promise<HistoryPage> {
    const before = request.cursor === undefined ? undefined : decodeSeqCursor(request.cursor);
    if (request.id !== undefined && !isUuid(request.id)) return { versions: [] };
    const rows = await this.db
      .select({ seq: resourceVersions.seq, ...versionColumns })
      .from(resourceVersions)
      .where(
        and(
          eq(resourceVersions.practiceId, this.practiceId),
          request.resourceType === undefined ? undefined : eq(resourceVersions.resourceType, request.resourceType),
          request.id === undefined ? undefined : eq(resourceVersions.id, request.id),
          request.since === undefined ? undefined : gte(resourceVersions.lastUpdated, request.since),
          before === undefined ? undefined : lt(resourceVersions.seq, before),
        ),
      )
      .orderBy(desc(resourceVersions.seq))
      .limit(request.count + 1);
    const page = rows.slice(0, request.count);
    const versions = page.map(({ seq: _seq, ...version }) => version);
    const last = page.at(-1);
    return rows.length > request.count && last ? { versions, nextCursor: encodeCursor(String(last.seq)) } : { versions };
  }

  /**
   * Serialises conditional creates with the same criteria through a transaction-scoped advisory
   * lock, then looks for matches: concurrent identical requests create exactly one resource.
   */
  private async findForConditionalCreate(
    resourceType: string,
    clauses: SearchClause[],
  ): Promise<StoredResource | undefined> {
    const lockKey = `${this.practiceId}|${resourceType}|${JSON.stringify(clauses)}`;
    await this.db.execute(sql`select pg_advisory_xact_lock(hashtext(${lockKey}))`);
    const { resources: matches } = await this.search(resourceType, { clauses, count: 2 });
    if (matches.length > 1) {
      throw new StoreError('multiple-matches', `More than one ${resourceType} matches the If-None-Exist criteria.`);
    }
    const [match] = matches;
    return match ? this.read(resourceType, match.id) : undefined;
  }

  /** The current version number, row-locked until the transaction ends; undefined if absent. */
  private async lockCurrentVersion(resourceType: string, id: string): Promise<number | undefined> {
    const [row] = await this.db
      .select({ versionId: resources.versionId })
      .from(resources)
      .where(this.currentRow(resourceType, id))
      .for('update');
    return row?.versionId;
  }

  /** Assigns id and meta, appends the version row and rewrites the search index. */
  private async writeVersion(
    input: ResourceInput,
    id: string,
    versionId: number,
    replacing: boolean,
  ): Promise<StoredResource> {
    const lastUpdated = this.clock.now();
    const { resourceType, id: _ignored, meta, ...elements } = input;
    const resource = {
      resourceType,
      id,
      meta: { ...meta, versionId: String(versionId), lastUpdated: lastUpdated.toISOString() },
      ...elements,
    };
    const stored: StoredResource = {
      resourceType,
      id,
      versionId,
      lastUpdated,
      deleted: false,
      json: JSON.stringify(resource),
    };
    await this.db.insert(resourceVersions).values(rowOf(this.practiceId, stored));
    try {
      await writeSearchIndex(this.db, { practiceId: this.practiceId, resourceType, id }, resource, replacing);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new StoreError(
          'duplicate-identifier',
          `Another ${resourceType} of this practice already has one of these identifiers.`,
        );
      }
      throw error;
    }
    return stored;
  }

  private currentRow(resourceType: string, id: string) {
    return and(
      eq(resources.practiceId, this.practiceId),
      eq(resources.resourceType, resourceType),
      eq(resources.id, id),
    );
  }
}

const versionColumns = {
  resourceType: resourceVersions.resourceType,
  id: resourceVersions.id,
  versionId: resourceVersions.versionId,
  lastUpdated: resourceVersions.lastUpdated,
  deleted: resourceVersions.deleted,
  json: resourceVersions.content,
};

function rowOf(practiceId: string, stored: StoredResource) {
  return {
    practiceId,
    resourceType: stored.resourceType,
    id: stored.id,
    versionId: stored.versionId,
    lastUpdated: stored.lastUpdated,
    deleted: stored.deleted,
    content: stored.json,
  };
}

function encodeCursor(position: string): string {
  return encodeBase64UrlText(position);
}

function decodeCursor(cursor: string): string {
  return decodeBase64UrlText(cursor) ?? '';
}

/** A history cursor holds the `seq` of the last version served: a positive integer, nothing else. */
function decodeSeqCursor(cursor: string): number {
  const position = decodeCursor(cursor);
  const seq = Number(position);
  if (!/^[1-9][0-9]*$/.test(position) || !Number.isSafeInteger(seq)) {
    throw new StoreError('invalid-cursor', 'The paging cursor is not valid.');
  }
  return seq;
}
