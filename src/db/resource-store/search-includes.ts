import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { IncludeRequest } from '../../fhir/search/types';
import type { Database } from '../database';
import { resources } from '../schema/resources';
import { searchReferences } from '../schema/search-references';
import { current, includedColumns } from './search-columns';
import type { SearchMatch } from './types';

/**
 * `_include` and `_revinclude`: the resources a page of matches points at, or that point at it,
 * through the reference index. Every statement is scoped to the practice, so a reference to
 * another practice's resource includes nothing. Deleted resources are never included; each
 * resource appears once, and not at all when it is already a match.
 * @see https://hl7.org/fhir/R4/search.html#include
 * @see https://hl7.org/fhir/R4/search.html#revinclude
 */
export async function includedResources(
  db: Database,
  practiceId: string,
  resourceType: string,
  matches: readonly SearchMatch[],
  requests: readonly IncludeRequest[],
): Promise<SearchMatch[]> {
  if (!matches.length || !requests.length) return [];
  const ids = matches.map((match) => match.id);
  const found = await Promise.all(
    requests.map((request) =>
      request.direction === 'include'
        ? referencedBy(db, practiceId, request, ids)
        : referring(db, practiceId, { ...request, targetType: resourceType }, ids),
    ),
  );
  const seen = new Set(matches.map((match) => `${match.resourceType}/${match.id}`));
  const included: SearchMatch[] = [];
  for (const resource of found.flat()) {
    const key = `${resource.resourceType}/${resource.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    included.push(resource);
  }
  return included;
}

/** Reference targets that are not UUIDs name nothing stored here; the guard keeps the cast safe. */
const UUID_PATTERN = sql.raw(`'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'`);
const targetUuid = sql`(case when ${searchReferences.targetId} ~ ${UUID_PATTERN} then ${searchReferences.targetId}::uuid end)`;

/** `_include`: what the matches (of `sourceType`) point at through `param`. */
function referencedBy(db: Database, practiceId: string, request: IncludeRequest, ids: string[]): Promise<SearchMatch[]> {
  return db
    .select(includedColumns)
    .from(searchReferences)
    .innerJoin(
      resources,
      and(
        eq(resources.practiceId, searchReferences.practiceId),
        eq(resources.resourceType, searchReferences.targetType),
        sql`${resources.id} = ${targetUuid}`,
      ),
    )
    .where(
      and(
        eq(searchReferences.practiceId, practiceId),
        eq(searchReferences.resourceType, request.sourceType),
        eq(searchReferences.param, request.param),
        inArray(searchReferences.resourceId, ids),
        request.targetType === undefined ? undefined : eq(searchReferences.targetType, request.targetType),
        eq(resources.practiceId, practiceId),
        current,
      ),
    )
    .orderBy(asc(resources.resourceType), asc(resources.id))
    .prepare('search_include')
    .execute();
}

/** `_revinclude`: resources of `sourceType` whose `param` points at one of the matches. */
function referring(
  db: Database,
  practiceId: string,
  request: IncludeRequest & { targetType: string },
  ids: string[],
): Promise<SearchMatch[]> {
  const pointing = db
    .select({ id: searchReferences.resourceId })
    .from(searchReferences)
    .where(
      and(
        eq(searchReferences.practiceId, practiceId),
        eq(searchReferences.resourceType, request.sourceType),
        eq(searchReferences.param, request.param),
        eq(searchReferences.targetType, request.targetType),
        inArray(searchReferences.targetId, ids),
      ),
    );
  return db
    .select(includedColumns)
    .from(resources)
    .where(
      and(
        eq(resources.practiceId, practiceId),
        eq(resources.resourceType, request.sourceType),
        current,
        inArray(resources.id, pointing),
      ),
    )
    .orderBy(asc(resources.id))
    .prepare('search_revinclude')
    .execute();
}
