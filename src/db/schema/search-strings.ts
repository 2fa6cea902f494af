import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { searchIndexColumns } from './columns';

/**
 * String search values, stored normalised (lower case, accents removed) for prefix and
 * `:contains` matching, next to the text as written for `:exact`.
 */
export const searchStrings = pgTable(
  'search_strings',
  {
    ...searchIndexColumns(),
    value: text('value').notNull(),
    /** The text as written; null only on rows indexed before `:exact` was supported. */
    original: text('original'),
  },
  (table) => [
    index('search_strings_lookup_idx').on(
      table.practiceId,
      table.resourceType,
      table.param,
      table.value.op('text_pattern_ops'),
    ),
    index('search_strings_resource_idx').on(table.resourceId),
  ],
);
