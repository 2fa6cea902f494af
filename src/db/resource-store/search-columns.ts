import { sql } from 'drizzle-orm';
import { resources } from '../schema/resources';

/** The columns of `resources` that make a {@link StoredResource}, as search and includes select them. */
export const storedColumns = {
  resourceType: resources.resourceType,
  id: resources.id,
  versionId: resources.versionId,
  lastUpdated: resources.lastUpdated,
  deleted: resources.deleted,
  json: resources.content,
};

/**
 * Not deleted, as a literal rather than a bound parameter: a prepared statement's generic plan
 * must still see that the partial index on current resources applies.
 */
export const current = sql`${resources.deleted} = false`;
