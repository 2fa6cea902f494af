import { pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn } from './columns';

/** A medical exercise practice: the tenant. Its FHIR identity is the Organization resource. */
export const practices = pgTable('practices', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  npi: text('npi'),
  directAddress: text('direct_address'),
  organizationId: uuid('organization_id').notNull(),
  createdAt: createdAtColumn(),
});
