import { sql } from 'drizzle-orm';
import type { SearchClause } from '../../fhir/search/types';
import type { Database } from '../database';
import { StoreError, type SearchPage } from './types';

/**
 * The match of a conditional create, under a transaction-scoped advisory lock on its criteria:
 * concurrent identical requests are serialised, so exactly one of them creates the resource and
 * the others find it. More than one match is the 412 case.
 * @see https://hl7.org/fhir/R4/http.html#ccreate
 */
export async function conditionalCreateMatch(
  tx: Database,
  practiceId: string,
  resourceType: string,
  clauses: SearchClause[],
  search: (clauses: SearchClause[]) => Promise<SearchPage>,
): Promise<string | undefined> {
  const lockKey = `${practiceId}|${resourceType}|${JSON.stringify(clauses)}`;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${lockKey}))`);
  const { resources: matches } = await search(clauses);
  if (matches.length > 1) {
    throw new StoreError('multiple-matches', `More than one ${resourceType} matches the If-None-Exist criteria.`);
  }
  return matches[0]?.id;
}
