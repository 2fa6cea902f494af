import { sql } from 'drizzle-orm';
import { index, pgTable, timestamp } from 'drizzle-orm/pg-core';
import { searchIndexColumns } from './columns';

/**
 * Date search values as the half-open range [low, high) a date, dateTime, instant or Period
 * covers at its precision; null on either side means unbounded (an open Period). Within one
 * Patient's compartment the rows of a parameter are read in resource id order with their range,
 * from the index alone.
 */
export const searchDates = pgTable(
  'search_dates',
  {
    ...searchIndexColumns(),
    low: timestamp('low', { withTimezone: true, mode: 'date' }),
    high: timestamp('high', { withTimezone: true, mode: 'date' }),
  },
  (table) => [
    index('search_dates_lookup_idx').on(table.practiceId, table.resourceType, table.param, table.low, table.high),
    index('search_dates_compartment_idx')
      .on(table.practiceId, table.resourceType, table.patientCompartment, table.param, table.resourceId, table.low, table.high)
      .where(sql`${table.patientCompartment} is not null`),
    index('search_dates_resource_idx').on(table.resourceId),
  ],
);
