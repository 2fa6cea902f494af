import { sql } from 'drizzle-orm';
import { pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, practiceColumn } from './columns';
import { practices } from './practices';

/** How a partner prefers to receive what the practice sends. */
export const PARTNER_CHANNELS = ['direct', 'fhir', 'fax'] as const;
export type PartnerChannel = (typeof PARTNER_CHANNELS)[number];

/** RSA key transport used when encrypting to the partner: PKCS#1 v1.5 unless it asks for OAEP. */
export const KEY_TRANSPORTS = ['rsa-pkcs1', 'rsa-oaep'] as const;
export type KeyTransport = (typeof KEY_TRANSPORTS)[number];

/** A referring physician (or their organisation) the practice exchanges Direct messages with. */
export const directPartners = pgTable(
  'direct_partners',
  {
    id: uuid('id').primaryKey(),
    practiceId: practiceColumn().references(() => practices.id),
    name: text('name').notNull(),
    npi: text('npi'),
    address: text('address').notNull(),
    /** The partner's encryption certificate; without one, replies go to the certificate that signed their message. */
    certificatePem: text('certificate_pem'),
    preferredChannel: text('preferred_channel').$type<PartnerChannel>().notNull(),
    keyTransport: text('key_transport').$type<KeyTransport>().notNull(),
    createdAt: createdAtColumn(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [uniqueIndex('direct_partners_practice_address').on(table.practiceId, sql`lower(${table.address})`)],
);
