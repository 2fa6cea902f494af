import { bigserial, boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { practiceColumn } from './columns';

/**
 * Append-only history: one row per version, including delete tombstones (`deleted`, no content).
 * `seq` orders history newest first and is the keyset cursor for paging it.
 */
export const resourceVersions = pgTable(
  'resource_versions',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    practiceId: practiceColumn(),
    resourceType: text('resource_type').notNull(),
    id: uuid('id').notNull(),
    versionId: integer('version_id').notNull(),
    lastUpdated: timestamp('last_updated', { withTimezone: true, mode: 'date' }).notNull(),
    deleted: boolean('deleted').notNull().default(false),
    content: text('content'),
  },
  (table) => [
    uniqueIndex('resource_versions_version_unique').on(table.practiceId, table.resourceType, table.id, table.versionId),
    index('resource_versions_type_seq_idx').on(table.practiceId, table.resourceType, table.seq),
    index('resource_versions_practice_seq_idx').on(table.practiceId, table.seq),
  ],
);
