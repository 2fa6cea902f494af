import { sql } from 'drizzle-orm';
import { resources } from '../schema/resources';

/**
 * The columns a search page or an include reads: the resource text and its id. Version and time
 * are in the text's `meta`; decoding them per row as well measurably slowed large pages.
 */
export const matchColumns = {
  id: resources.id,
  json: resources.content,
};

/** {@link matchColumns} with the type, for includes, which span types. */
export const includedColumns = { resourceType: resources.resourceType, ...matchColumns };

/**
 * Not deleted, as a literal rather than a bound parameter: a prepared statement's generic plan
 * must still see that the partial index on current resources applies.
 */
export const current = sql`${resources.deleted} = false`;
