import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { searchIndexColumns } from './columns';

/** URI search values (canonical URLs, profiles), matched exactly. */
export const searchUris = pgTable(
  'search_uris',
  {
    ...searchIndexColumns(),
    value: text('value').notNull(),
  },
  (table) => [
    index('search_uris_lookup_idx').on(table.practiceId, table.resourceType, table.param, table.value),
    index('search_uris_resource_idx').on(table.resourceId),
  ],
);
