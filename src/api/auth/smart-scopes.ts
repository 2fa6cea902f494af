/**
 * SMART scopes in both grammars, parsed into one model: v1 (`system/Observation.read`,
 * `user/*.write`, `patient/*.*`) and v2 (`system/Observation.rs`, `patient/*.cruds`, granular
 * `patient/Observation.rs?category=…|vital-signs`). v1 `.read` ≡ v2 `.rs`, `.write` ≡ `.cud`,
 * `.*` ≡ `.cruds`.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#scopes-for-requesting-clinical-data
 */

export type ScopeContext = 'patient' | 'user' | 'system';

/** The v2 interaction letters, in the only order the grammar allows. */
export const INTERACTIONS = ['c', 'r', 'u', 'd', 's'] as const;
export type ScopeInteraction = (typeof INTERACTIONS)[number];

export interface ClinicalScope {
  kind: 'clinical';
  context: ScopeContext;
  /** A resource type, or `*` for every type. */
  resourceType: string;
  /** Non-empty, in `cruds` order. */
  interactions: readonly ScopeInteraction[];
  /** The granular constraint after `?` (v2 only), e.g. `category=http://…|vital-signs`. */
  query?: string;
  /** How the client wrote it; granted scopes are answered in the same grammar where possible. */
  grammar: 'v1' | 'v2';
}

/** Identity, launch-context and refresh-token scopes, matched by their exact text. */
export interface NamedScope {
  kind: 'named';
  value: string;
}

export type SmartScope = ClinicalScope | NamedScope;

/** @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#quick-start */
export const NAMED_SCOPES: ReadonlySet<string> = new Set([
  'openid',
  'fhirUser',
  'profile',
  'launch',
  'launch/patient',
  'launch/encounter',
  'offline_access',
  'online_access',
]);

const CLINICAL = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]{0,63})\.([a-z*]+)(?:\?(.*))?$/;
const V2_INTERACTIONS = /^c?r?u?d?s?$/;
const V1_INTERACTIONS: Readonly<Record<string, readonly ScopeInteraction[]>> = {
  read: ['r', 's'],
  write: ['c', 'u', 'd'],
  '*': ['c', 'r', 'u', 'd', 's'],
};
const QUERY_PAIR = /^[A-Za-z_][A-Za-z0-9_.:-]*=[^&=]+$/;

/** One scope token, or undefined when it is in neither grammar (including out-of-order `.dus`). */
export function parseScope(text: string): SmartScope | undefined {
  if (NAMED_SCOPES.has(text)) return { kind: 'named', value: text };
  const match = CLINICAL.exec(text);
  if (!match) return undefined;
  const [, context, resourceType, suffix, query] = match as unknown as [string, ScopeContext, string, string, string?];
  const v1 = V1_INTERACTIONS[suffix];
  if (v1) {
    return query === undefined ? { kind: 'clinical', context, resourceType, interactions: v1, grammar: 'v1' } : undefined;
  }
  if (suffix === '' || !V2_INTERACTIONS.test(suffix)) return undefined;
  if (query !== undefined && !query.split('&').every((pair) => QUERY_PAIR.test(pair))) return undefined;
  const interactions = INTERACTIONS.filter((letter) => suffix.includes(letter));
  return { kind: 'clinical', context, resourceType, interactions, grammar: 'v2', ...(query === undefined ? {} : { query }) };
}

export interface ParsedScopeList {
  scopes: SmartScope[];
  /** Tokens in neither grammar, as written. */
  unrecognized: string[];
}

/**
 * A space-delimited `scope` parameter.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.3
 */
export function parseScopeList(text: string): ParsedScopeList {
  const scopes: SmartScope[] = [];
  const unrecognized: string[] = [];
  for (const token of text.split(' ').filter(Boolean)) {
    const scope = parseScope(token);
    if (scope) scopes.push(scope);
    else unrecognized.push(token);
  }
  return { scopes, unrecognized };
}

/** The scope's text: v1 when it was asked for in v1 and has a v1 spelling, v2 otherwise. */
export function formatScope(scope: SmartScope): string {
  if (scope.kind === 'named') return scope.value;
  const letters = scope.interactions.join('');
  const v1 = scope.grammar === 'v1' && scope.query === undefined ? v1Suffix(letters) : undefined;
  const suffix = v1 ?? letters;
  return `${scope.context}/${scope.resourceType}.${suffix}${scope.query === undefined ? '' : `?${scope.query}`}`;
}

function v1Suffix(letters: string): string | undefined {
  for (const [suffix, interactions] of Object.entries(V1_INTERACTIONS)) {
    if (interactions.join('') === letters) return suffix;
  }
  return undefined;
}
