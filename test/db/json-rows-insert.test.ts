import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertJsonRows } from '../../src/db/json-rows-insert';
import { directMessages } from '../../src/db/schema/direct-messages';
import { searchDates } from '../../src/db/schema/search-dates';
import { searchQuantities } from '../../src/db/schema/search-quantities';
import { newId } from '../../src/lib/ids';
import type { NodeDatabase } from '../../src/node/database';
import { openTestDatabase, testDatabaseKind } from '../support/test-database';

describe(`insertJsonRows (${testDatabaseKind})`, () => {
  let database: NodeDatabase;
  const practiceId = newId();
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  const owner = (resourceId: string) => ({ practiceId, resourceType: 'Observation', resourceId, patientCompartment: null });

  it('stores dates, numbers and nulls as their column types read them back', async () => {
    const resourceId = newId();
    const low = new Date('2025-03-01T10:15:00.000Z');
    await insertJsonRows(database.db, searchDates, [
      { ...owner(resourceId), param: 'date', low, high: new Date('2025-03-01T10:15:59.999Z') },
      { ...owner(resourceId), param: 'issued', low: null, high: null },
    ]);
    await insertJsonRows(database.db, searchQuantities, [
      { ...owner(resourceId), param: 'value-quantity', value: '420.50', system: 'http://unitsofmeasure.org', code: 'm' },
    ]);
    const dates = await database.db
      .select()
      .from(searchDates)
      .where(and(eq(searchDates.practiceId, practiceId), eq(searchDates.resourceId, resourceId)))
      .orderBy(searchDates.param);
    expect(dates.map((row) => [row.param, row.low?.toISOString() ?? null])).toEqual([
      ['date', low.toISOString()],
      ['issued', null],
    ]);
    const [quantity] = await database.db.select().from(searchQuantities).where(eq(searchQuantities.resourceId, resourceId));
    expect(Number(quantity?.value)).toBe(420.5);
    expect(quantity?.code).toBe('m');
  });

  it('keeps quotes, backslashes and non-ASCII text intact', async () => {
    const resourceId = newId();
    const awkward = 'O\'Brien "Zoë" \\ 検査 \u0001';
    await insertJsonRows(database.db, searchQuantities, [{ ...owner(resourceId), param: 'value-quantity', value: '1', code: awkward }]);
    const [row] = await database.db.select().from(searchQuantities).where(eq(searchQuantities.resourceId, resourceId));
    expect(row?.code).toBe(awkward);
  });

  it('refuses a JSON column rather than re-encoding its value', async () => {
    await expect(() => insertJsonRows(database.db, directMessages, [{ toAddresses: ['a@b.example'] } as never])).rejects.toThrow(/jsonb/);
  });

  it('writes nothing for no rows', async () => {
    await expect(insertJsonRows(database.db, searchDates, [])).resolves.toBeUndefined();
  });
});
