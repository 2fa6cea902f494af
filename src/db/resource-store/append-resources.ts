import { extractSearchValues } from '../../fhir/search/extract';
import { UNIQUE_IDENTIFIER_TYPES } from '../../fhir/search/parameters';
import { newId } from '../../lib/ids';
import type { Database } from '../database';
import { insertJsonRows } from '../json-rows-insert';
import { resourceVersions } from '../schema/resource-versions';
import { resources } from '../schema/resources';
import type { ResourceInput } from './resource-store';
import { insertSearchIndexRows, searchIndexRows, type SearchIndexRows } from './search-index';
import type { StoredResource } from './types';

/** A new resource of one practice, for {@link appendResources}. */
export interface AppendedResource {
  practiceId: string;
  resource: ResourceInput;
}

/**
 * Creates many new resources, of any practices, in one transaction with one insert per table (its
 * rows as one JSON parameter, see json-rows-insert.ts): the current rows, their first versions and
 * all their search index rows. For records MetBridge writes in bulk (batched AuditEvents); it does
 * no conditional create and takes no locks, so types whose identifiers must be unique per
 * practice are refused.
 */
export async function appendResources(db: Database, entries: readonly AppendedResource[], now: Date): Promise<StoredResource[]> {
  if (!entries.length) return [];
  const stored: (StoredResource & { practiceId: string })[] = [];
  const index: SearchIndexRows = { tokens: [], references: [], dates: [], strings: [], quantities: [], uris: [] };
  for (const { practiceId, resource: input } of entries) {
    if (UNIQUE_IDENTIFIER_TYPES.has(input.resourceType)) throw new Error(`${input.resourceType} cannot be appended in bulk`);
    const id = newId();
    const { resourceType, id: _ignored, meta, ...elements } = input;
    const resource = { resourceType, id, meta: { ...meta, versionId: '1', lastUpdated: now.toISOString() }, ...elements };
    stored.push({ practiceId, resourceType, id, versionId: 1, lastUpdated: now, deleted: false, json: JSON.stringify(resource) });
    const rows = searchIndexRows({ practiceId, resourceType, id }, extractSearchValues(resource));
    for (const table of Object.keys(index) as (keyof SearchIndexRows)[]) (index[table] as unknown[]).push(...rows[table]);
  }
  const rows = stored.map(({ practiceId, resourceType, id, versionId, lastUpdated, deleted, json }) => ({
    practiceId,
    resourceType,
    id,
    versionId,
    lastUpdated,
    deleted,
    content: json,
  }));
  await db.transaction(async (tx) => {
    await Promise.all([insertJsonRows(tx, resources, rows), insertJsonRows(tx, resourceVersions, rows), ...insertSearchIndexRows(tx, index)]);
  });
  return stored.map(({ practiceId: _practiceId, ...resource }) => resource);
}
