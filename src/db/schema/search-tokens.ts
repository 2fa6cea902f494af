import { sql } from 'drizzle-orm';
import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { searchIndexColumns } from './columns';

/**
 * Token search values: codings, identifiers, codes and booleans (`system|code`). Both lookup
 * indexes end with the resource id, so one `system|code` yields its resources in id order; the
 * compartment index does so within one Patient's records, where most clinical searches stay.
 */
export const searchTokens = pgTable(
  'search_tokens',
  {
    ...searchIndexColumns(),
    system: text('system'),
    code: text('code').notNull(),
  },
  (table) => [
    index('search_tokens_code_idx').on(
      table.practiceId,
      table.resourceType,
      table.param,
      table.code,
      table.system,
      table.resourceId,
    ),
    index('search_tokens_compartment_idx')
      .on(table.practiceId, table.resourceType, table.patientCompartment, table.param, table.code, table.system, table.resourceId)
      .where(sql`${table.patientCompartment} is not null`),
    index('search_tokens_resource_idx').on(table.resourceId),
  ],
);
