import { extractSearchValues } from '../../fhir/search/extract';
import type { SearchClause, SearchIndexValues } from '../../fhir/search/types';
import type { AccessRule } from './permissions';

/**
 * Whether one resource lies inside a permission's rules, decided on its content with the same
 * index values the store searches on, so a read and a search agree on what a scope allows. Only
 * the clause kinds rules are built from are evaluated (see granular-scope.ts and
 * patient-compartment-clause.ts); any other kind does not match.
 * @see https://hl7.org/fhir/R4/search.html#token
 * @see https://hl7.org/fhir/R4/search.html#reference
 */
export function matchesAnyRule(content: { resourceType: string; id?: string }, rules: readonly AccessRule[]): boolean {
  let values: SearchIndexValues | undefined;
  const indexed = () => (values ??= extractSearchValues(content));
  return rules.some((rule) => rule.clauses.every((clause) => matchesClause(content, clause, indexed)));
}

function matchesClause(content: { id?: string }, clause: SearchClause, indexed: () => SearchIndexValues): boolean {
  switch (clause.kind) {
    case 'id':
      return content.id !== undefined && clause.ids.includes(content.id);
    case 'token': {
      if (clause.negated) return false;
      const tokens = indexed().tokens.filter((value) => value.param === clause.param);
      return clause.matches.some((match) =>
        tokens.some(
          (value) =>
            (match.code === undefined || match.code === value.code) &&
            (match.system === undefined || match.system === value.system),
        ),
      );
    }
    case 'reference': {
      const references = indexed().references.filter((value) => value.param === clause.param);
      return clause.matches.some((match) =>
        references.some((value) => value.targetId === match.targetId && (match.targetType === undefined || match.targetType === value.targetType)),
      );
    }
    case 'uri': {
      const uris = indexed().uris.filter((value) => value.param === clause.param);
      return clause.values.some((wanted) => uris.some((value) => value.value === wanted));
    }
    default:
      return false;
  }
}
