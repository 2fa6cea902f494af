import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { practiceColumn } from './columns';
import { practices } from './practices';

/**
 * The current version of every FHIR resource. The JSON is kept as text so reads splice it into
 * responses without a parse/serialise round trip.
 */
export const resources = pgTable(
  'resources',
  {
    practiceId: practiceColumn().references(() => practices.id),
    resourceType: text('resource_type').notNull(),
    id: uuid('id').notNull(),
    versionId: integer('version_id').notNull(),
    lastUpdated: timestamp('last_updated', { withTimezone: true, mode: 'date' }).notNull(),
    deleted: boolean('deleted').notNull().default(false),
    /** The resource JSON with `id` and `meta` set by the store; null once deleted. */
    content: text('content'),
  },
  (table) => [
    primaryKey({ name: 'resources_pk', columns: [table.practiceId, table.resourceType, table.id] }),
    /** `_lastUpdated` filters and the `_sort=_lastUpdated` keyset (last_updated, id), both directions. */
    index('resources_type_last_updated_idx')
      .on(table.practiceId, table.resourceType, table.lastUpdated, table.id)
      .where(sql`${table.deleted} = false`),
  ],
);
