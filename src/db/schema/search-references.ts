import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { searchIndexColumns } from './columns';

/** Reference search values: the type and id a reference points at (`Patient/123`). */
export const searchReferences = pgTable(
  'search_references',
  {
    ...searchIndexColumns(),
    targetType: text('target_type'),
    targetId: text('target_id').notNull(),
  },
  (table) => [
    index('search_references_lookup_idx').on(
      table.practiceId,
      table.resourceType,
      table.param,
      table.targetId,
      table.targetType,
    ),
    index('search_references_resource_idx').on(table.resourceId),
  ],
);
