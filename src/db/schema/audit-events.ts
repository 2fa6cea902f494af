import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Who did what to which record, and how it ended. Never holds tokens, secrets or PHI beyond
 * resource ids. `practiceId` is null for deployment-level (admin) actions.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: uuid('id').primaryKey(),
    practiceId: uuid('practice_id'),
    recorded: timestamp('recorded', { withTimezone: true, mode: 'date' }).notNull(),
    /** FHIR AuditEvent.action: C, R, U, D or E. */
    action: text('action').notNull(),
    /** A short machine name of what happened, e.g. `practice.create`, `resource.update`. */
    kind: text('kind').notNull(),
    /** FHIR AuditEvent.outcome: 0 success, 4 minor failure, 8 serious failure, 12 major failure. */
    outcome: text('outcome').notNull(),
    agent: text('agent').notNull(),
    entityType: text('entity_type'),
    entityId: text('entity_id'),
    detail: jsonb('detail').$type<Record<string, string | number | boolean>>(),
  },
  (table) => [
    index('audit_events_practice_recorded_idx').on(table.practiceId, table.recorded),
    index('audit_events_entity_idx').on(table.practiceId, table.entityType, table.entityId),
  ],
);
