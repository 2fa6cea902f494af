import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { searchIndexColumns } from './columns';

/**
 * Reference search values: the type and id a reference points at (`Patient/123`). The lookup
 * index ends with the resource id, so one reference value yields its resources in id order
 * (the default search order) from the index alone.
 */
export const searchReferences = pgTable(
  'search_references',
  {
    ...searchIndexColumns(),
    targetType: text('target_type'),
    targetId: text('target_id').notNull(),
  },
  (table) => [
    index('search_references_target_idx').on(
      table.practiceId,
      table.resourceType,
      table.param,
      table.targetId,
      table.targetType,
      table.resourceId,
    ),
    index('search_references_resource_idx').on(table.resourceId),
  ],
);
