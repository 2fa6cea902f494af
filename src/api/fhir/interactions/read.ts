import { gone, notFound } from '../../../fhir/outcome';
import type { Interaction } from '../fhir-request';
import { etag, resourceResult, versionHeaders } from '../http-semantics';

/**
 * `GET [type]/[id]`: 404 for unknown (or another practice's) ids, 410 once deleted, 304 when the
 * client's `If-None-Match` or `If-Modified-Since` still holds.
 * @see https://hl7.org/fhir/R4/http.html#read
 * @see https://hl7.org/fhir/R4/http.html#cread
 */
export const read: Interaction = async (context, request) => {
  const stored = await context.store.read(request.resourceType, request.id!);
  if (!stored) throw notFound(`${request.resourceType}/${request.id} is not known.`);
  if (stored.deleted) throw gone(`${request.resourceType}/${request.id} was deleted.`);
  context.audit.accessed({ interaction: 'read', resourceType: stored.resourceType, id: stored.id, resourceJson: stored.json });
  if (isNotModified(request.header('if-none-match'), request.header('if-modified-since'), stored.versionId, stored.lastUpdated)) {
    return { status: 304, headers: versionHeaders(context, stored) };
  }
  return resourceResult(context, stored);
};

function isNotModified(ifNoneMatch: string | undefined, ifModifiedSince: string | undefined, versionId: number, lastUpdated: Date): boolean {
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch.split(',').some((tag) => {
      const trimmed = tag.trim();
      return trimmed === '*' || trimmed === etag(versionId) || trimmed === `"${versionId}"`;
    });
  }
  if (ifModifiedSince !== undefined) {
    const since = Date.parse(ifModifiedSince);
    return !Number.isNaN(since) && Math.floor(lastUpdated.getTime() / 1000) <= Math.floor(since / 1000);
  }
  return false;
}
