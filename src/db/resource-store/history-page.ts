import { and, desc, eq, gte, lt } from 'drizzle-orm';
import { decodeBase64UrlText, encodeBase64UrlText } from '../../lib/base64url';
import { isUuid } from '../../lib/ids';
import type { Database } from '../database';
import { resourceVersions } from '../schema/resource-versions';
import { StoreError, type HistoryPage, type HistoryRequest } from './types';

/**
 * One page of a practice's version history — of one resource, one type or all of them — newest
 * first, keyset-paged on the versions' insertion order (`seq`), so versions written while a
 * client pages never shift its pages. No grant is applied here: the store filters the page.
 * @see https://hl7.org/fhir/R4/http.html#history
 */
export async function readHistoryPage(db: Database, practiceId: string, request: HistoryRequest): Promise<HistoryPage> {
  const before = request.cursor === undefined ? undefined : decodeSeqCursor(request.cursor);
  if (request.id !== undefined && !isUuid(request.id)) return { versions: [] };
  const rows = await db
    .select({ seq: resourceVersions.seq, ...versionColumns })
    .from(resourceVersions)
    .where(
      and(
        eq(resourceVersions.practiceId, practiceId),
        request.resourceType === undefined ? undefined : eq(resourceVersions.resourceType, request.resourceType),
        request.id === undefined ? undefined : eq(resourceVersions.id, request.id),
        request.since === undefined ? undefined : gte(resourceVersions.lastUpdated, request.since),
        before === undefined ? undefined : lt(resourceVersions.seq, before),
      ),
    )
    .orderBy(desc(resourceVersions.seq))
    .limit(request.count + 1);
  const page = rows.slice(0, request.count);
  const versions = page.map(({ seq: _seq, ...version }) => version);
  const last = page.at(-1);
  return rows.length > request.count && last ? { versions, nextCursor: encodeBase64UrlText(String(last.seq)) } : { versions };
}

const versionColumns = {
  resourceType: resourceVersions.resourceType,
  id: resourceVersions.id,
  versionId: resourceVersions.versionId,
  lastUpdated: resourceVersions.lastUpdated,
  deleted: resourceVersions.deleted,
  json: resourceVersions.content,
};

/** A history cursor holds the `seq` of the last version served: a positive integer, nothing else. */
function decodeSeqCursor(cursor: string): number {
  const position = decodeBase64UrlText(cursor) ?? '';
  const seq = Number(position);
  if (!/^[1-9][0-9]*$/.test(position) || !Number.isSafeInteger(seq)) {
    throw new StoreError('invalid-cursor', 'The paging cursor is not valid.');
  }
  return seq;
}
