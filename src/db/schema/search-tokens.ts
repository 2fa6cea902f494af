import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { searchIndexColumns } from './columns';

/** Token search values: codings, identifiers, codes and booleans (`system|code`). */
export const searchTokens = pgTable(
  'search_tokens',
  {
    ...searchIndexColumns(),
    system: text('system'),
    code: text('code').notNull(),
  },
  (table) => [
    index('search_tokens_lookup_idx').on(table.practiceId, table.resourceType, table.param, table.code, table.system),
    index('search_tokens_resource_idx').on(table.resourceId),
  ],
);
