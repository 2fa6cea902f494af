import { and, eq } from 'drizzle-orm';
import type { SearchClause } from '../../fhir/search/types';
import type { Clock } from '../../lib/clock';
import { isUuid, newId } from '../../lib/ids';
import type { Database } from '../database';
import { isUniqueViolation } from '../errors';
import type { GrantedAccess, GuardedContent, ResourceAccessGuard, StoreInteraction } from './access-guard';
import { resourceVersions } from '../schema/resource-versions';
import { resources } from '../schema/resources';
import { conditionalCreateMatch } from './conditional-create';
import { readHistoryPage } from './history-page';
import { preparedReads } from './prepared-reads';
import { includedResources } from './search-includes';
import { searchStatements, type SearchStatements } from './search-query';
import { encodeSearchCursor, searchOrder, type SearchOrder } from './search-sort';
import { clearSearchIndex, writeSearchIndex } from './search-index';
import { SubscriptionLog } from '../subscriptions/subscription-log';
import { versionObserverOf } from './version-observers';
import {
  StoreError,
  type CreateOptions,
  type CreateResult,
  type HistoryPage,
  type HistoryRequest,
  type SearchPage,
  type SearchRequest,
  type SearchMatch,
  type StoredResource,
  type UpdateOptions,
} from './types';

/** Any FHIR resource; `id` and `meta.versionId`/`meta.lastUpdated` are assigned by the store. */
export interface ResourceInput {
  resourceType: string;
  id?: string;
  meta?: object;
}

/** Why a read happens: to show the resource, or to change it (then the write's grant decides). */
export type ReadPurpose = 'read' | 'update' | 'delete';

/**
 * The FHIR resource store of one practice: the system of record for clinical data. Every
 * statement is scoped to the practice given at construction, so a resource of another practice
 * does not exist here — on read, search and history alike.
 *
 * A store {@link guardedBy} a caller's grant applies it in every method: an interaction the grant
 * lacks throws the guard's refusal; within a granted subset, searches (and their totals) are
 * confined by SQL, resources outside it are not found, included resources outside it are left
 * out, and writes must stay inside it. A store without a guard is the server's own view.
 * @see https://hl7.org/fhir/R4/http.html
 */
export class PracticeResourceStore {
  constructor(
    private readonly db: Database,
    readonly practiceId: string,
    private readonly clock: Clock,
    private readonly guard?: ResourceAccessGuard,
  ) {}

  /** The same store, holding every call to `guard`'s grant. */
  guardedBy(guard: ResourceAccessGuard): PracticeResourceStore {
    return new PracticeResourceStore(this.db, this.practiceId, this.clock, guard);
  }

  /** Whether the grant allows `interaction` on any resource of the type (always, without a guard). */
  allows(interaction: StoreInteraction, resourceType: string): boolean {
    return this.accessFor(interaction, resourceType).kind !== 'none';
  }

  /**
   * The practice's topic-based subscriptions over the same handle (and transaction), for
   * `$status` and `$events`; reading it needs the grant to read Subscriptions.
   */
  subscriptionLog(): SubscriptionLog {
    this.require('read', 'Subscription');
    return new SubscriptionLog(this.db, this.practiceId);
  }

  /** Runs `work` in one transaction (a savepoint when already inside one). */
  transaction<T>(work: (store: PracticeResourceStore) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => work(this.on(tx)));
  }

  /** @see https://hl7.org/fhir/R4/http.html#ccreate */
  async create(input: ResourceInput, options: CreateOptions = {}): Promise<CreateResult> {
    const access = this.require('create', input.resourceType);
    if (access.kind === 'subset' && !access.permits(input as GuardedContent)) {
      throw this.guard!.contentRefusal('create', input.resourceType);
    }
    return this.db.transaction(async (tx) => {
      const store = this.on(tx);
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

  /** The current version (a tombstone once deleted); undefined when unknown or outside the grant for `purpose`. */
  async read(resourceType: string, id: string, purpose: ReadPurpose = 'read'): Promise<StoredResource | undefined> {
    const access = this.require(purpose, resourceType);
    const stored = await this.readCurrent(resourceType, id);
    return !stored || access.kind === 'all' || (await this.within(access, stored)) ? stored : undefined;
  }

  async vread(resourceType: string, id: string, versionId: number): Promise<StoredResource | undefined> {
    const access = this.require('read', resourceType);
    const stored = await this.readVersion(resourceType, id, versionId);
    return !stored || access.kind === 'all' || (await this.within(access, stored)) ? stored : undefined;
  }

  private async readCurrent(resourceType: string, id: string): Promise<StoredResource | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await preparedReads(this.db).current.execute({ practiceId: this.practiceId, resourceType, id });
    return row && { resourceType, id, ...row };
  }

  private async readVersion(resourceType: string, id: string, versionId: number): Promise<StoredResource | undefined> {
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
    const access = this.require('update', resourceType);
    if (!isUuid(id)) throw new StoreError('not-found', `${resourceType}/${id} does not exist.`);
    return this.db.transaction(async (tx) => {
      const store = this.on(tx);
      const current = await store.lockCurrentVersion(resourceType, id);
      if (current === undefined || !(await store.currentWithin(access, resourceType, id))) {
        throw new StoreError('not-found', `${resourceType}/${id} does not exist.`);
      }
      if (access.kind === 'subset' && !access.permits(input as GuardedContent)) throw this.guard!.contentRefusal('update', resourceType);
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
    const access = this.require('delete', resourceType);
    if (!isUuid(id)) throw new StoreError('not-found', `${resourceType}/${id} does not exist.`);
    return this.db.transaction(async (tx) => {
      const store = this.on(tx);
      const [row] = await tx
        .select({ versionId: resources.versionId, deleted: resources.deleted, lastUpdated: resources.lastUpdated })
        .from(resources)
        .where(store.currentRow(resourceType, id))
        .for('update');
      if (!row || !(await store.currentWithin(access, resourceType, id))) {
        throw new StoreError('not-found', `${resourceType}/${id} does not exist.`);
      }
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
    const access = this.require('search', resourceType);
    const clauses = access.kind === 'subset' ? [...request.clauses, ...access.clauses] : request.clauses;
    const order = searchOrder(request.sort ?? []);
    const statements = searchStatements(this.db, { practiceId: this.practiceId, resourceType, clauses, order });
    const [page, total] = await Promise.all([
      request.count > 0 ? this.searchPage(resourceType, statements, order, request) : { resources: [] },
      request.total ? statements.total() : undefined,
    ]);
    const result: SearchPage = total === undefined ? page : { ...page, total };
    if (request.includes?.length) {
      const included = await includedResources(this.db, this.practiceId, resourceType, page.resources, request.includes);
      result.included = this.readable(included);
    }
    return result;
  }

  /** The included resources the grant lets the caller read; the others are left out. */
  private readable(found: SearchMatch[]): SearchMatch[] {
    if (!this.guard) return found;
    return found.filter((match) => {
      const access = this.accessFor('read', match.resourceType);
      if (access.kind !== 'subset') return access.kind === 'all';
      return match.json !== null && access.permits(JSON.parse(match.json) as GuardedContent);
    });
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
    const access = request.resourceType === undefined ? undefined : this.require(request.id === undefined ? 'search' : 'read', request.resourceType);
    if (access === undefined && this.guard) throw this.guard.refusal('search', '*');
    const page = await readHistoryPage(this.db, this.practiceId, request);
    if (access?.kind !== 'subset') return page;
    const versions: StoredResource[] = [];
    for (const version of page.versions) if (await this.within(access, version)) versions.push(version);
    return { ...page, versions };
  }

  /**
   * The match of an `If-None-Exist` create, found under the lock on its criteria (see
   * conditional-create.ts).
   */
  private async findForConditionalCreate(resourceType: string, clauses: SearchClause[]): Promise<StoredResource | undefined> {
    const search = (criteria: SearchClause[]) => this.search(resourceType, { clauses: criteria, count: 2 });
    const id = await conditionalCreateMatch(this.db, this.practiceId, resourceType, clauses, search);
    return id === undefined ? undefined : this.readCurrent(resourceType, id);
  }

  /** This store's view (and guard) over `db`, a transaction's handle. */
  private on(db: Database): PracticeResourceStore {
    return new PracticeResourceStore(db, this.practiceId, this.clock, this.guard);
  }

  private accessFor(interaction: StoreInteraction, resourceType: string): GrantedAccess {
    return this.guard ? this.guard.access(interaction, resourceType) : ALL;
  }

  /** The grant for `interaction`; throws the guard's refusal when it grants nothing of the type. */
  private require(interaction: StoreInteraction, resourceType: string): Exclude<GrantedAccess, { kind: 'none' }> {
    const access = this.accessFor(interaction, resourceType);
    if (access.kind === 'none') throw this.guard!.refusal(interaction, resourceType);
    return access;
  }

  /**
   * Whether a version lies inside the grant. A delete tombstone carries no content, so the
   * version it follows decides for it.
   */
  private async within(access: GrantedAccess, stored: StoredResource): Promise<boolean> {
    if (access.kind !== 'subset') return access.kind === 'all';
    if (stored.json !== null) return access.permits(JSON.parse(stored.json) as GuardedContent);
    const previous = stored.versionId > 1 ? await this.readVersion(stored.resourceType, stored.id, stored.versionId - 1) : undefined;
    return previous?.json ? access.permits(JSON.parse(previous.json) as GuardedContent) : false;
  }

  private async currentWithin(access: GrantedAccess, resourceType: string, id: string): Promise<boolean> {
    if (access.kind === 'all') return true;
    const stored = await this.readCurrent(resourceType, id);
    return stored !== undefined && (await this.within(access, stored));
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
    await versionObserverOf(resourceType)?.(this.db, this.practiceId, resource, stored);
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

const ALL: GrantedAccess = { kind: 'all' };

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
