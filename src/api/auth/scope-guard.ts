import type { GrantedAccess, GuardedContent, ResourceAccessGuard, StoreInteraction } from '../../db/resource-store/access-guard';
import { supportsInteraction } from '../../fhir/resource-types';
import type { SearchClause } from '../../fhir/search/types';
import type { AccessRule, Permissions } from './permissions';
import { matchesAnyRule } from './rule-matches';
import { SCOPE_LETTER } from './scope-refusal';

/** How a surface (FHIR, practice API) words its refusals. */
export interface ScopeRefusals {
  insufficientScope(interaction: StoreInteraction, resourceType: string): Error;
  outsideGrant(interaction: 'create' | 'update', resourceType: string): Error;
}

/**
 * The store guard of one request: its principal's {@link Permissions}, applied by the resource
 * store to every call. Resources of types clients can never create (Provenance, AuditEvent) are
 * the server's own records of a permitted write, so creating them is not the caller's
 * interaction and needs no scope.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html
 */
export function scopeGuard(permissions: Permissions, refusals: ScopeRefusals): ResourceAccessGuard {
  const cache = new Map<string, GrantedAccess>();
  return {
    access(interaction, resourceType) {
      const key = `${interaction} ${resourceType}`;
      let access = cache.get(key);
      if (!access) cache.set(key, (access = grantedAccess(permissions, interaction, resourceType)));
      return access;
    },
    refusal: (interaction, resourceType) => refusals.insufficientScope(interaction, resourceType),
    contentRefusal: (interaction, resourceType) => refusals.outsideGrant(interaction, resourceType),
  };
}

function grantedAccess(permissions: Permissions, interaction: StoreInteraction, resourceType: string): GrantedAccess {
  if (interaction === 'create' && !supportsInteraction(resourceType, 'create')) return { kind: 'all' };
  const permission = permissions.permission(SCOPE_LETTER[interaction], resourceType);
  if (permission.kind !== 'subset') return permission;
  const { rules } = permission;
  return {
    kind: 'subset',
    clauses: unionClauses(rules),
    permits: (content: GuardedContent) => matchesAnyRule(content, rules),
  };
}

/**
 * The rules' union as clauses a search AND-s to its own: the clauses every rule shares stay plain
 * (so a shared compartment clause still confines the search to that Patient's index rows), the
 * rest become one `anyOf`. A rule with nothing beyond the shared clauses makes the rest moot.
 */
export function unionClauses(rules: readonly AccessRule[]): SearchClause[] {
  const [first, ...others] = rules;
  if (!first) return [{ kind: 'id', ids: [] }];
  const key = (clause: SearchClause) => JSON.stringify(clause);
  const shared = first.clauses.filter((clause) => others.every((rule) => rule.clauses.some((other) => key(other) === key(clause))));
  const sharedKeys = new Set(shared.map(key));
  const remainders = rules.map((rule) => rule.clauses.filter((clause) => !sharedKeys.has(key(clause))));
  if (remainders.some((remainder) => remainder.length === 0)) return shared;
  return [...shared, { kind: 'anyOf', alternatives: remainders }];
}
