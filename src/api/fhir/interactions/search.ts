import type { SearchMatch } from '../../../db/resource-store/types';
import { bundleJson, type BundleEntryParts } from '../../../fhir/bundle';
import { badRequest } from '../../../fhir/outcome';
import { isSubset, subsetResourceJson, type Subset } from '../../../fhir/search/elements';
import { parseSearch } from '../../../fhir/search/parse';
import type { FhirContext, Interaction } from '../fhir-request';
import { FHIR_JSON, prefersStrictHandling } from '../http-semantics';

/**
 * `GET [type]?…` and `POST [type]/_search`: a searchset Bundle, keyset-paged, with the page's
 * `_include`d and `_revinclude`d resources after its matches. The `self` link carries only the
 * parameters that were applied; `next` carries them all plus the cursor. Parameters, modifiers
 * and values the server does not support are ignored, or refused with 400 under
 * `Prefer: handling=strict`.
 * @see https://hl7.org/fhir/R4/search.html
 * @see https://hl7.org/fhir/R4/http.html#search
 * @see https://hl7.org/fhir/R4/search.html#errors
 */
export const search: Interaction = async (context, request) => {
  const parsed = parseSearch(request.resourceType, request.query);
  if (parsed.ignored.length && prefersStrictHandling(request)) {
    throw badRequest(`Unknown or unsupported search parameters for ${request.resourceType}: ${parsed.ignored.join(', ')}.`);
  }
  const countOnly = parsed.summary === 'count';
  const page = await context.store.search(request.resourceType, {
    clauses: parsed.clauses,
    count: countOnly ? 0 : parsed.count,
    sort: parsed.sort,
    total: parsed.total || countOnly,
    includes: parsed.includes,
    ...(parsed.cursor === undefined ? {} : { cursor: parsed.cursor }),
  });
  context.audit.accessed({ interaction: 'search-type', resourceType: request.resourceType, query: request.query });
  const link = (extra: [string, string][]) =>
    `${context.baseUrl}/${request.resourceType}${queryString([...parsed.applied, ...extra])}`;
  const subset: Subset = {
    ...(parsed.elements ? { elements: parsed.elements } : {}),
    ...(parsed.summary === 'data' ? { withoutText: true } : {}),
  };
  const body = bundleJson({
    type: 'searchset',
    ...(page.total === undefined ? {} : { total: page.total }),
    link: [
      { relation: 'self', url: link(parsed.cursor ? [['_cursor', parsed.cursor]] : []) },
      ...(page.nextCursor && !countOnly ? [{ relation: 'next' as const, url: link([['_cursor', page.nextCursor]]) }] : []),
    ],
    entries: [
      ...page.resources.map((stored) => entry(context, stored, 'match', subset)),
      ...(page.included ?? []).map((stored) => entry(context, stored, 'include', { withoutText: subset.withoutText ?? false })),
    ],
  });
  return { status: 200, headers: { 'Content-Type': FHIR_JSON }, body };
};

function entry(context: FhirContext, stored: SearchMatch, mode: 'match' | 'include', subset: Subset): BundleEntryParts {
  const json = stored.json ?? undefined;
  return {
    fullUrl: `${context.baseUrl}/${stored.resourceType}/${stored.id}`,
    resource: json !== undefined && isSubset(subset) ? subsetResourceJson(json, subset) : json,
    search: { mode },
  };
}

export function queryString(parameters: [string, string][]): string {
  return parameters.length ? `?${new URLSearchParams(parameters).toString()}` : '';
}
