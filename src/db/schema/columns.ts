import { text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** The tenant column every practice-owned row carries. */
export const practiceColumn = () => uuid('practice_id').notNull();

export const createdAtColumn = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull();

/**
 * Columns shared by every search index table: which resource of which practice the row indexes,
 * which search parameter produced it, and the Patient compartment the resource is in (the same
 * on every row of a resource; null outside any Patient's compartment).
 */
export const searchIndexColumns = () => ({
  practiceId: practiceColumn(),
  resourceType: text('resource_type').notNull(),
  resourceId: uuid('resource_id').notNull(),
  param: text('param').notNull(),
  patientCompartment: text('patient_compartment'),
});
