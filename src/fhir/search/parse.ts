import { parseClause } from './parse-clause';
import { defaultResultOptions, isResultParameter, readResultParameter, type ResultOptions } from './result-parameters';
import type { SearchClause } from './types';

/**
 * Turns a FHIR search query string into what the store executes and how the answer is shaped:
 * comma-separated values are alternatives (OR), repeated parameters must all hold (AND).
 * @see https://hl7.org/fhir/R4/search.html#combining
 */

export { parseClause } from './parse-clause';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './result-parameters';

export interface ParsedSearch extends ResultOptions {
  clauses: SearchClause[];
  /** Opaque keyset position from a `next` link. */
  cursor?: string;
  /** The parameters applied, in order, as the `self` link shows them (`_count` as applied). */
  applied: [string, string][];
  /**
   * Parameters (with their modifiers) not supported for this type, or values not honoured;
   * ignored unless strict handling asks otherwise.
   */
  ignored: string[];
}

export function parseSearch(resourceType: string, query: Iterable<[string, string]>): ParsedSearch {
  const parsed: ParsedSearch = { ...defaultResultOptions(), clauses: [], applied: [], ignored: [] };
  for (const [name, raw] of query) {
    if (name === '_cursor') {
      parsed.cursor = raw;
      continue;
    }
    const kept = isResultParameter(name)
      ? readResultParameter(parsed, name, raw, resourceType)
      : appliedClause(parsed, resourceType, name, raw);
    if (kept === undefined) parsed.ignored.push(name);
    else parsed.applied.push([name, kept]);
  }
  return parsed;
}

function appliedClause(parsed: ParsedSearch, resourceType: string, name: string, raw: string): string | undefined {
  const clause = parseClause(resourceType, name, raw);
  if (!clause) return undefined;
  parsed.clauses.push(clause);
  return raw;
}
