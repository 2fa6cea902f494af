import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAtColumn, practiceColumn } from './columns';
import { practices } from './practices';

/**
 * A practice's Direct address with the certificate bound to it and its private key. An address
 * belongs to one practice across the deployment: inbound messages find their practice by it.
 */
export const directIdentities = pgTable(
  'direct_identities',
  {
    id: uuid('id').primaryKey(),
    practiceId: practiceColumn().references(() => practices.id),
    address: text('address').notNull(),
    certificatePem: text('certificate_pem').notNull(),
    /**
     * The PKCS#8 private key, AES-256-GCM encrypted (src/integrations/direct/store/private-key-vault.ts).
     * Read only to decrypt and sign; never logged, never returned by any endpoint.
     */
    privateKeyCiphertext: text('private_key_ciphertext').notNull(),
    createdAt: createdAtColumn(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [
    uniqueIndex('direct_identities_address').on(sql`lower(${table.address})`),
    index('direct_identities_practice_idx').on(table.practiceId),
  ],
);
