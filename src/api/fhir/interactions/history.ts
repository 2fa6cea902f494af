import type { StoredResource } from '../../../db/resource-store/types';
import { bundleJson, type BundleEntryParts } from '../../../fhir/bundle';
import { badRequest } from '../../../fhir/outcome';
import { parseDateRange } from '../../../fhir/search/date-range';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../../fhir/search/parse';
import type { FhirContext, Interaction } from '../fhir-request';
import { etag, FHIR_JSON } from '../http-semantics';
import { queryString } from './search';

/**
 * `GET [type]/[id]/_history` and `GET [type]/_history`: every version, newest first, with
 * delete tombstones, `_since` and keyset paging.
 * @see https://hl7.org/fhir/R4/http.html#history
 */
export const history: Interaction = async (context, request) => {
  let since: Date | undefined;
  let count = DEFAULT_PAGE_SIZE;
  let cursor: string | undefined;
  for (const [name, value] of request.query) {
    if (name === '_since') since = parseInstant(value);
    else if (name === '_count') count = parseCount(value);
    else if (name === '_cursor') cursor = value;
  }
  const page = await context.store.history({ resourceType: request.resourceType, id: request.id, since, count, cursor });
  const path = `${context.baseUrl}/${request.resourceType}${request.id ? `/${request.id}` : ''}/_history`;
  context.audit.accessed({
    interaction: request.id ? 'history-instance' : 'history-type',
    resourceType: request.resourceType,
    ...(request.id ? { id: request.id, resourceJson: page.versions.find((version) => version.json)?.json } : {}),
    query: request.query,
    path: `${request.resourceType}${request.id ? `/${request.id}` : ''}/_history`,
  });
  const kept = request.query.filter(([name]) => name === '_since' || name === '_count');
  const body = bundleJson({
    type: 'history',
    link: [
      { relation: 'self', url: `${path}${queryString(cursor ? [...kept, ['_cursor', cursor]] : kept)}` },
      ...(page.nextCursor ? [{ relation: 'next' as const, url: `${path}${queryString([...kept, ['_cursor', page.nextCursor]])}` }] : []),
    ],
    entries: page.versions.map((version) => historyEntry(context, version)),
  });
  return { status: 200, headers: { 'Content-Type': FHIR_JSON }, body };
};

function historyEntry(context: FhirContext, version: StoredResource): BundleEntryParts {
  const url = `${version.resourceType}/${version.id}`;
  const response = { etag: etag(version.versionId), lastModified: version.lastUpdated.toISOString() };
  if (version.deleted) {
    return { fullUrl: `${context.baseUrl}/${url}`, request: { method: 'DELETE', url }, response: { status: '204', ...response } };
  }
  const created = version.versionId === 1;
  return {
    fullUrl: `${context.baseUrl}/${url}`,
    resource: version.json ?? undefined,
    request: created ? { method: 'POST', url: version.resourceType } : { method: 'PUT', url },
    response: { status: created ? '201' : '200', ...response },
  };
}

function parseInstant(value: string): Date {
  const range = /T/.test(value) ? parseDateRange(value) : undefined;
  if (!range) throw badRequest(`_since must be an instant such as 2026-01-31T09:00:00Z, got "${value}".`, '_since');
  return range.low;
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw badRequest(`_count must be a non-negative integer, got "${value}".`, '_count');
  return Math.min(Number(value), MAX_PAGE_SIZE);
}
