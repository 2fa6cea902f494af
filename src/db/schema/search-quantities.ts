import { index, numeric, pgTable, text } from 'drizzle-orm/pg-core';
import { searchIndexColumns } from './columns';

/** Quantity search values: a number with the UCUM (or other) system and code of its unit. */
export const searchQuantities = pgTable(
  'search_quantities',
  {
    ...searchIndexColumns(),
    value: numeric('value').notNull(),
    system: text('system'),
    code: text('code'),
  },
  (table) => [
    index('search_quantities_lookup_idx').on(table.practiceId, table.resourceType, table.param, table.code, table.value),
    index('search_quantities_resource_idx').on(table.resourceId),
  ],
);
