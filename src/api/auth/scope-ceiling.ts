import { INTERACTIONS, type ClinicalScope, type SmartScope } from './smart-scopes';

/**
 * What a client may be granted: each requested scope intersected with the client's registered
 * scopes, which are the ceiling of every token. A request narrower than a registered wildcard is
 * granted as asked; a broader one is narrowed to what was registered. The result is factored to
 * its shortest form: scopes of one type are merged, scopes another one covers are dropped.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/backend-services.html#evaluate-requested-access
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#scope-equivalence
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.3
 */
export function grantableScopes(requested: readonly SmartScope[], registered: readonly SmartScope[]): SmartScope[] {
  const granted: SmartScope[] = [];
  for (const asked of requested) {
    for (const ceiling of registered) {
      const scope = intersect(asked, ceiling);
      if (scope) granted.push(scope);
    }
  }
  return withoutCovered(merged(granted));
}

/** True when `wider` allows everything `narrower` allows. */
export function covers(wider: ClinicalScope, narrower: ClinicalScope): boolean {
  return (
    wider.context === narrower.context &&
    (wider.resourceType === '*' || wider.resourceType === narrower.resourceType) &&
    narrower.interactions.every((letter) => wider.interactions.includes(letter)) &&
    (wider.query === undefined || wider.query === narrower.query)
  );
}

function intersect(asked: SmartScope, ceiling: SmartScope): SmartScope | undefined {
  if (asked.kind === 'named' || ceiling.kind === 'named') {
    return asked.kind === 'named' && ceiling.kind === 'named' && asked.value === ceiling.value ? asked : undefined;
  }
  if (asked.context !== ceiling.context) return undefined;
  const resourceType = narrowerType(asked.resourceType, ceiling.resourceType);
  if (!resourceType) return undefined;
  const interactions = INTERACTIONS.filter((letter) => asked.interactions.includes(letter) && ceiling.interactions.includes(letter));
  if (interactions.length === 0) return undefined;
  // Two different granular constraints cannot be expressed as one scope: nothing is granted.
  if (asked.query !== undefined && ceiling.query !== undefined && asked.query !== ceiling.query) return undefined;
  const query = asked.query ?? ceiling.query;
  return { kind: 'clinical', context: asked.context, resourceType, interactions, grammar: asked.grammar, ...(query === undefined ? {} : { query }) };
}

function narrowerType(asked: string, ceiling: string): string | undefined {
  if (ceiling === '*') return asked;
  return asked === '*' || asked === ceiling ? ceiling : undefined;
}

/** One scope per context, type and constraint, with the union of their interactions. */
function merged(scopes: readonly SmartScope[]): SmartScope[] {
  const byKey = new Map<string, SmartScope>();
  for (const scope of scopes) {
    const key = scope.kind === 'named' ? scope.value : `${scope.context}/${scope.resourceType}?${scope.query ?? ''}`;
    const existing = byKey.get(key);
    if (!existing || existing.kind === 'named' || scope.kind === 'named') {
      byKey.set(key, existing ?? scope);
      continue;
    }
    const interactions = INTERACTIONS.filter((letter) => existing.interactions.includes(letter) || scope.interactions.includes(letter));
    byKey.set(key, { ...existing, interactions, grammar: existing.grammar === 'v1' && scope.grammar === 'v1' ? 'v1' : 'v2' });
  }
  return [...byKey.values()];
}

function withoutCovered(scopes: readonly SmartScope[]): SmartScope[] {
  return scopes.filter(
    (scope, index) =>
      scope.kind === 'named' ||
      !scopes.some((other, otherIndex) => otherIndex !== index && other.kind === 'clinical' && covers(other, scope) && (!covers(scope, other) || otherIndex < index)),
  );
}

