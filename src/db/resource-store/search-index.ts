import { and, eq } from 'drizzle-orm';
import { extractSearchValues } from '../../fhir/search/extract';
import { UNIQUE_IDENTIFIER_TYPES } from '../../fhir/search/parameters';
import type { SearchIndexValues } from '../../fhir/search/types';
import type { Database } from '../database';
import { insertJsonRows } from '../json-rows-insert';
import { searchDates } from '../schema/search-dates';
import { searchQuantities } from '../schema/search-quantities';
import { searchReferences } from '../schema/search-references';
import { searchStrings } from '../schema/search-strings';
import { searchTokens } from '../schema/search-tokens';
import { searchUris } from '../schema/search-uris';
import { uniqueIdentifiers } from '../schema/unique-identifiers';

const INDEX_TABLES = [searchTokens, searchReferences, searchDates, searchStrings, searchQuantities, searchUris] as const;

interface IndexedResource {
  practiceId: string;
  resourceType: string;
  id: string;
}

/**
 * Writes a resource's search index rows (and unique identifiers) for its new content, first
 * removing the previous version's rows when `replacing`.
 * Runs inside the write's transaction, so a failure here leaves no resource behind.
 */
export async function writeSearchIndex(
  tx: Database,
  target: IndexedResource,
  resource: { resourceType: string },
  replacing: boolean,
): Promise<void> {
  if (replacing) await clearSearchIndex(tx, target);
  const values = extractSearchValues(resource);
  const rows = searchIndexRows(target, values);
  for (const insert of insertSearchIndexRows(tx, rows)) await insert;

  if (UNIQUE_IDENTIFIER_TYPES.has(target.resourceType)) {
    const identifiers = uniqueIdentifierRows(values.tokens.filter((token) => token.param === 'identifier'));
    if (identifiers.length) {
      const owner = { practiceId: target.practiceId, resourceType: target.resourceType, resourceId: target.id };
      await tx.insert(uniqueIdentifiers).values(identifiers.map((identifier) => ({ ...owner, ...identifier })));
    }
  }
}

/** The rows of each search index table for a resource, as inserted. */
export interface SearchIndexRows {
  tokens: (typeof searchTokens.$inferInsert)[];
  references: (typeof searchReferences.$inferInsert)[];
  dates: (typeof searchDates.$inferInsert)[];
  strings: (typeof searchStrings.$inferInsert)[];
  quantities: (typeof searchQuantities.$inferInsert)[];
  uris: (typeof searchUris.$inferInsert)[];
}

/** The index rows of `target` for its extracted search values, each tagged with its owner. */
export function searchIndexRows(target: IndexedResource, values: SearchIndexValues): SearchIndexRows {
  const owner = {
    practiceId: target.practiceId,
    resourceType: target.resourceType,
    resourceId: target.id,
    patientCompartment: values.compartment,
  };
  return {
    tokens: values.tokens.map((v) => ({ ...owner, ...v })),
    references: values.references.map((v) => ({ ...owner, ...v })),
    dates: values.dates.map((v) => ({ ...owner, ...v })),
    strings: values.strings.map((v) => ({ ...owner, ...v })),
    quantities: values.quantities.map((v) => ({ ...owner, ...v, value: String(v.value) })),
    uris: values.uris.map((v) => ({ ...owner, ...v })),
  };
}

/** One insert per table that has rows (one resource's rows, or a batch's), each a single JSON parameter. */
export function insertSearchIndexRows(tx: Database, rows: SearchIndexRows): PromiseLike<unknown>[] {
  const inserts: PromiseLike<unknown>[] = [];
  if (rows.tokens.length) inserts.push(insertJsonRows(tx, searchTokens, rows.tokens));
  if (rows.references.length) inserts.push(insertJsonRows(tx, searchReferences, rows.references));
  if (rows.dates.length) inserts.push(insertJsonRows(tx, searchDates, rows.dates));
  if (rows.strings.length) inserts.push(insertJsonRows(tx, searchStrings, rows.strings));
  if (rows.quantities.length) inserts.push(insertJsonRows(tx, searchQuantities, rows.quantities));
  if (rows.uris.length) inserts.push(insertJsonRows(tx, searchUris, rows.uris));
  return inserts;
}

/** Removes every index row of a resource (on delete, or before re-indexing). */
export async function clearSearchIndex(tx: Database, target: IndexedResource): Promise<void> {
  for (const table of [...INDEX_TABLES, uniqueIdentifiers]) {
    await tx
      .delete(table)
      .where(
        and(
          eq(table.resourceId, target.id),
          eq(table.practiceId, target.practiceId),
          eq(table.resourceType, target.resourceType),
        ),
      );
  }
}

/** Identifiers with both a system and a value, once each. */
function uniqueIdentifierRows(tokens: { system: string | null; code: string }[]) {
  const seen = new Map<string, { system: string; value: string }>();
  for (const { system, code } of tokens) {
    if (system) seen.set(`${system}|${code}`, { system, value: code });
  }
  return [...seen.values()];
}
