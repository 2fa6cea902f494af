import type { IncludeRequest, SearchClause, SortKey } from '../../fhir/search/types';

/** A resource version as stored: the JSON text is spliced into responses as is. */
export interface StoredResource {
  resourceType: string;
  id: string;
  versionId: number;
  lastUpdated: Date;
  deleted: boolean;
  /** The resource JSON (with `id` and `meta`); null for a delete tombstone. */
  json: string | null;
}

/** A current resource as a search returns it: what a Bundle entry needs and nothing more. */
export type SearchMatch = Pick<StoredResource, 'resourceType' | 'id' | 'json'>;

export interface CreateOptions {
  /** Conditional create: the resource is created only if nothing matches these clauses. */
  ifNoneExist?: SearchClause[];
  /** A server-chosen id (a practice's Organization); clients never choose ids. */
  id?: string;
}

export interface CreateResult {
  /** `existing`: a conditional create matched one resource, which is returned unchanged. */
  outcome: 'created' | 'existing';
  resource: StoredResource;
}

export interface UpdateOptions {
  /** Optimistic concurrency: the version the caller last saw (`If-Match`). */
  expectedVersion?: number;
}

export interface SearchRequest {
  clauses: SearchClause[];
  /** Page size; 0 reads no page (for a total alone). */
  count: number;
  /** Keyset position returned as `nextCursor` by the previous page (of the same sort). */
  cursor?: string;
  /** `_sort` keys; the id always breaks ties. Default: id order, which updates never change. */
  sort?: readonly SortKey[];
  /** Count every match (`_total=accurate`). */
  total?: boolean;
  /** `_include`/`_revinclude` of the page's matches. */
  includes?: readonly IncludeRequest[];
}

export interface SearchPage {
  resources: SearchMatch[];
  nextCursor?: string;
  /** Every match, across pages; only when asked for. */
  total?: number;
  /** Resources included for the page's matches, each once, none of them a match; only when asked for. */
  included?: SearchMatch[];
}

export interface HistoryRequest {
  resourceType?: string;
  id?: string;
  since?: Date;
  count: number;
  cursor?: string;
}

export interface HistoryPage {
  versions: StoredResource[];
  nextCursor?: string;
}

export type StoreErrorReason =
  | 'not-found'
  | 'version-conflict'
  | 'duplicate-identifier'
  | 'multiple-matches'
  | 'invalid-cursor';

/** Why a store operation refused; the API maps each reason to one HTTP status. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly reason: StoreErrorReason,
    message: string,
  ) {
    super(message);
  }
}
