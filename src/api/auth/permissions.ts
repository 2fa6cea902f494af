import type { SearchClause } from '../../fhir/search/types';
import { granularClauses } from './granular-scope';
import { compartmentClause } from './patient-compartment-clause';
import type { Principal } from './principal';
import { parseScope, type ClinicalScope, type ScopeContext, type ScopeInteraction } from './smart-scopes';

/**
 * What a principal's granted scopes allow, in one model for both grammars: v1 (`.read`, `.write`,
 * `.*`) and v2 (`cruds` letters, granular `?param=value`) both arrive here as context, type,
 * interaction letters and optional constraint (see smart-scopes.ts), so `patient/Observation.read`
 * and `patient/Observation.rs` are the same permission.
 *
 * A scope counts only in a context its principal can act in: `system/` for a client acting on its
 * own, `user/` for a signed-in user, `patient/` when a patient is in context (without one it grants
 * nothing). `patient/` confines a scope to that patient's compartment; a granular constraint to the
 * resources matching it. Several scopes on one type add up: the permission is their union.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#scopes-for-requesting-clinical-data
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#finer-grained-resource-constraints-using-search-parameters
 */

/** One granted way to reach resources of a type: those matching every clause (none: all of them). */
export interface AccessRule {
  clauses: SearchClause[];
}

export type Permission =
  | { kind: 'none' }
  | { kind: 'all' }
  /** The union of the rules: a resource is allowed when it matches at least one. */
  | { kind: 'subset'; rules: AccessRule[] };

const NONE: Permission = { kind: 'none' };
const ALL: Permission = { kind: 'all' };

export class Permissions {
  private readonly cache = new Map<string, Permission>();

  private constructor(
    private readonly scopes: readonly ClinicalScope[],
    private readonly patientId: string | undefined,
    /** The contexts this principal acts in, for naming the scope a refusal needs. */
    readonly contexts: readonly ScopeContext[],
  ) {}

  /** The permissions of a principal's granted scopes; unparseable and identity scopes grant nothing. */
  static of(principal: Principal): Permissions {
    const contexts = usableContexts(principal);
    const scopes = principal.scopes.flatMap((text) => {
      const scope = parseScope(text);
      return scope?.kind === 'clinical' && contexts.includes(scope.context) ? [scope] : [];
    });
    return new Permissions(scopes, principal.patientId, contexts);
  }

  /** What `interaction` may reach of `resourceType`. */
  permission(interaction: ScopeInteraction, resourceType: string): Permission {
    const key = `${interaction} ${resourceType}`;
    let permission = this.cache.get(key);
    if (!permission) this.cache.set(key, (permission = this.compute(interaction, resourceType)));
    return permission;
  }

  private compute(interaction: ScopeInteraction, resourceType: string): Permission {
    const rules: AccessRule[] = [];
    for (const scope of this.scopes) {
      if (!scope.interactions.includes(interaction)) continue;
      if (scope.resourceType !== '*' && scope.resourceType !== resourceType) continue;
      const rule = this.ruleOf(scope, resourceType);
      if (!rule) continue;
      if (!rule.clauses.length) return ALL;
      rules.push(rule);
    }
    return rules.length ? { kind: 'subset', rules: distinctRules(rules) } : NONE;
  }

  /** The rule a scope grants on the type; undefined when it grants nothing there. */
  private ruleOf(scope: ClinicalScope, resourceType: string): AccessRule | undefined {
    const clauses: SearchClause[] = [];
    if (scope.context === 'patient') {
      const compartment = this.patientId === undefined ? undefined : compartmentClause(resourceType, this.patientId);
      if (!compartment) return undefined;
      clauses.push(compartment);
    }
    if (scope.query !== undefined) {
      const constraint = granularClauses(resourceType, scope.query);
      if (!constraint) return undefined;
      clauses.push(...constraint);
    }
    return { clauses };
  }
}

/**
 * `system/` is for a client acting on its own behalf (Backend Services), `user/` for a signed-in
 * user, `patient/` for whoever has a patient in context.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#scopes-for-requesting-clinical-data
 */
function usableContexts(principal: Principal): ScopeContext[] {
  const contexts: ScopeContext[] = [principal.actor.kind === 'client' ? 'system' : 'user'];
  if (principal.patientId !== undefined) contexts.push('patient');
  return contexts;
}

function distinctRules(rules: AccessRule[]): AccessRule[] {
  const byKey = new Map(rules.map((rule) => [JSON.stringify(rule.clauses), rule]));
  return [...byKey.values()];
}
