import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { practiceColumn } from './columns';

/**
 * Identifiers of the resource types that name one real-world party (Patient, Practitioner,
 * Organization). The unique index makes a second resource with the same `system|value` in the
 * same practice impossible, even when two conditional creates race.
 */
export const uniqueIdentifiers = pgTable(
  'unique_identifiers',
  {
    practiceId: practiceColumn(),
    resourceType: text('resource_type').notNull(),
    system: text('system').notNull(),
    value: text('value').notNull(),
    resourceId: uuid('resource_id').notNull(),
  },
  (table) => [
    uniqueIndex('unique_identifiers_unique').on(table.practiceId, table.resourceType, table.system, table.value),
    index('unique_identifiers_resource_idx').on(table.resourceId),
  ],
);
