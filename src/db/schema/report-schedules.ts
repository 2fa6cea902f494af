import { integer, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { practices } from './practices';

/**
 * A practice's progress-report schedule: a report is due every `every_days` days or every
 * `every_sessions` sessions since the last one, whichever comes first. No row: the default
 * schedule. One row per practice (the tenant is the key).
 */
export const reportSchedules = pgTable('report_schedules', {
  practiceId: uuid('practice_id')
    .primaryKey()
    .references(() => practices.id),
  everyDays: integer('every_days').notNull(),
  everySessions: integer('every_sessions').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
});
