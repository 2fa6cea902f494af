import { bundleJson } from '../../../fhir/bundle';
import { badRequest } from '../../../fhir/outcome';
import { parseSearch } from '../../../fhir/search/parse';
import type { Interaction } from '../fhir-request';
import { FHIR_JSON, prefersStrictHandling } from '../http-semantics';

/**
 * `GET [type]?…` and `POST [type]/_search`: a searchset Bundle, keyset-paged. The `self` link
 * carries only the parameters that were applied; `next` carries them all plus the cursor.
 * @see https://hl7.org/fhir/R4/search.html
 * @see https://hl7.org/fhir/R4/http.html#search
 */
export const search: Interaction = async (context, request) => {
  const parsed = parseSearch(request.resourceType, request.query);
  if (parsed.ignored.length && prefersStrictHandling(request)) {
    throw badRequest(`Unknown or unsupported search parameters for ${request.resourceType}: ${parsed.ignored.join(', ')}.`);
  }
  const page = await context.store.search(request.resourceType, parsed);
  const applied = request.query.filter(([name]) => !parsed.ignored.includes(name) && name !== '_cursor');
  const link = (extra: [string, string][]) =>
    `${context.baseUrl}/${request.resourceType}${queryString([...applied, ...extra])}`;
  const body = bundleJson({
    type: 'searchset',
    link: [
      { relation: 'self', url: link(parsed.cursor ? [['_cursor', parsed.cursor]] : []) },
      ...(page.nextCursor ? [{ relation: 'next' as const, url: link([['_cursor', page.nextCursor]]) }] : []),
    ],
    entries: page.resources.map((stored) => ({
      fullUrl: `${context.baseUrl}/${stored.resourceType}/${stored.id}`,
      resource: stored.json ?? undefined,
      search: { mode: 'match' },
    })),
  });
  return { status: 200, headers: { 'Content-Type': FHIR_JSON }, body };
};

export function queryString(parameters: [string, string][]): string {
  return parameters.length ? `?${new URLSearchParams(parameters).toString()}` : '';
}
