import type { SearchClause } from '../../fhir/search/types';

/**
 * What a store guarded for one caller lets that caller do. The store consults its guard in every
 * public method, so whatever reaches clinical data through a guarded store — an interaction, a
 * Bundle entry, an operation, an include, a conditional create's match — is held to the same
 * grant. The policy (SMART scopes) lives in the API layer; the store only applies it.
 */

/** The interactions a grant distinguishes. History of one resource is `read`, of a type `search`. */
export type StoreInteraction = 'read' | 'search' | 'create' | 'update' | 'delete';

/** A resource's content as the guard sees it: the parsed JSON of one version. */
export type GuardedContent = { resourceType: string; id?: string } & Record<string, unknown>;

export type GrantedAccess =
  /** Nothing of the type: the store throws the guard's refusal (or leaves the resource out of includes). */
  | { kind: 'none' }
  /** Every resource of the type (the practice still applies). */
  | { kind: 'all' }
  /**
   * Only resources matching `clauses` (AND-ed to a search's own, so paging and totals stay exact);
   * `permits` is the same test applied to one resource's content.
   */
  | { kind: 'subset'; clauses: SearchClause[]; permits(content: GuardedContent): boolean };

export interface ResourceAccessGuard {
  access(interaction: StoreInteraction, resourceType: string): GrantedAccess;
  /** The error for an interaction the caller may not perform on the type at all. */
  refusal(interaction: StoreInteraction, resourceType: string): Error;
  /** The error for a write whose content would lie outside what the caller may write. */
  contentRefusal(interaction: 'create' | 'update', resourceType: string): Error;
}
