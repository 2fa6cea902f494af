import type { PracticeResourceStore } from '../../../db/resource-store/resource-store';
import { badRequest, preconditionFailed } from '../../../fhir/outcome';
import { referencesIn, rewriteReferences } from '../../../fhir/references';
import { supportsInteraction } from '../../../fhir/resource-types';
import { parseSearch } from '../../../fhir/search/parse';

/**
 * Conditional references in a transaction (`"reference": "Patient?identifier=urn:mrn|123"`):
 * each is replaced by the one resource its criteria match; none or several fail the transaction.
 * @see https://hl7.org/fhir/R4/http.html#trules
 */
export async function resolveConditionalReferences<T>(store: PracticeResourceStore, resource: T): Promise<T> {
  const conditional = [...new Set(referencesIn(resource).filter(isConditionalReference))];
  if (!conditional.length) return resource;
  const resolved = new Map<string, string>();
  for (const reference of conditional) resolved.set(reference, await resolveOne(store, reference));
  return rewriteReferences(resource, resolved);
}

export function isConditionalReference(reference: string): boolean {
  return /^[A-Z][A-Za-z]+\?/.test(reference);
}

async function resolveOne(store: PracticeResourceStore, reference: string): Promise<string> {
  const mark = reference.indexOf('?');
  const resourceType = reference.slice(0, mark);
  if (!supportsInteraction(resourceType, 'search-type')) {
    throw badRequest(`The conditional reference ${JSON.stringify(reference)} names a type this server cannot search.`);
  }
  const parsed = parseSearch(resourceType, new URLSearchParams(reference.slice(mark + 1)));
  if (parsed.ignored.length || !parsed.clauses.length) {
    throw badRequest(
      `The conditional reference ${JSON.stringify(reference)} needs search parameters ${resourceType} supports${parsed.ignored.length ? `; not: ${parsed.ignored.join(', ')}` : ''}.`,
    );
  }
  const { resources } = await store.search(resourceType, { clauses: parsed.clauses, count: 2 });
  if (resources.length !== 1) {
    throw preconditionFailed(
      `The conditional reference ${JSON.stringify(reference)} matches ${resources.length === 0 ? 'no' : 'more than one'} ${resourceType}; it must match exactly one.`,
    );
  }
  return `${resourceType}/${resources[0]!.id}`;
}
