import { and, eq } from 'drizzle-orm';
import { extractSearchValues } from '../../fhir/search/extract';
import { UNIQUE_IDENTIFIER_TYPES } from '../../fhir/search/parameters';
import type { Database } from '../database';
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
  const owner = {
    practiceId: target.practiceId,
    resourceType: target.resourceType,
    resourceId: target.id,
    patientCompartment: values.compartment,
  };
  const inserts: PromiseLike<unknown>[] = [];
  if (values.tokens.length) inserts.push(tx.insert(searchTokens).values(values.tokens.map((v) => ({ ...owner, ...v }))));
  if (values.references.length)
    inserts.push(tx.insert(searchReferences).values(values.references.map((v) => ({ ...owner, ...v }))));
  if (values.dates.length) inserts.push(tx.insert(searchDates).values(values.dates.map((v) => ({ ...owner, ...v }))));
  if (values.strings.length) inserts.push(tx.insert(searchStrings).values(values.strings.map((v) => ({ ...owner, ...v }))));
  if (values.quantities.length)
    inserts.push(
      tx.insert(searchQuantities).values(values.quantities.map((v) => ({ ...owner, ...v, value: String(v.value) }))),
    );
  if (values.uris.length) inserts.push(tx.insert(searchUris).values(values.uris.map((v) => ({ ...owner, ...v }))));
  for (const insert of inserts) await insert;

  if (UNIQUE_IDENTIFIER_TYPES.has(target.resourceType)) {
    const identifiers = uniqueIdentifierRows(values.tokens.filter((token) => token.param === 'identifier'));
    if (identifiers.length) {
      const { patientCompartment: _compartment, ...identifierOwner } = owner;
      await tx.insert(uniqueIdentifiers).values(identifiers.map((identifier) => ({ ...identifierOwner, ...identifier })));
    }
  }
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
