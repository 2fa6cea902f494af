import { isResultParameter } from '../../fhir/search/result-parameters';
import { parseClause } from '../../fhir/search/parse';
import type { SearchClause } from '../../fhir/search/types';

/**
 * The constraint of a granular v2 scope (`patient/Observation.rs?category=…|vital-signs`) as
 * search clauses of one type, AND-ed like the parameters of a search. It fails closed: a parameter
 * the type does not support, a result parameter (`_count`, `_sort`…) or a kind of clause access
 * control does not evaluate (anything but plain token, reference, uri and `_id` matches) makes the
 * scope grant nothing of the type, never more than it says.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#finer-grained-resource-constraints-using-search-parameters
 */
export function granularClauses(resourceType: string, query: string): SearchClause[] | undefined {
  const clauses: SearchClause[] = [];
  for (const [name, value] of new URLSearchParams(query)) {
    if (isResultParameter(name)) return undefined;
    const clause = parseClause(resourceType, name, value);
    if (!clause || !isEvaluable(clause)) return undefined;
    clauses.push(clause);
  }
  return clauses.length ? clauses : undefined;
}

function isEvaluable(clause: SearchClause): boolean {
  switch (clause.kind) {
    case 'token':
      return !clause.negated;
    case 'reference':
    case 'uri':
    case 'id':
      return true;
    default:
      return false;
  }
}
