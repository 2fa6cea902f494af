import { sql } from 'drizzle-orm';
import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, practiceColumn } from './columns';
import { practices } from './practices';

/** A trainer who signs in; their FHIR identity is a Practitioner resource. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    practiceId: practiceColumn().references(() => practices.id),
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** `pbkdf2-sha256$<iterations>$<salt>$<hash>`; see src/lib/password-hash.ts */
    passwordHash: text('password_hash').notNull(),
    practitionerId: uuid('practitioner_id').notNull(),
    createdAt: createdAtColumn(),
  },
  (table) => [
    uniqueIndex('users_email_unique').on(sql`lower(${table.email})`),
    index('users_practice_idx').on(table.practiceId),
  ],
);
