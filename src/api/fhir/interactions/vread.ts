import { gone, notFound } from '../../../fhir/outcome';
import type { Interaction } from '../fhir-request';
import { resourceResult } from '../http-semantics';

/**
 * `GET [type]/[id]/_history/[vid]`; a delete tombstone answers 410.
 * @see https://hl7.org/fhir/R4/http.html#vread
 */
export const vread: Interaction = async (context, request) => {
  const versionId = Number(request.versionId);
  const stored = /^\d+$/.test(request.versionId ?? '')
    ? await context.store.vread(request.resourceType, request.id!, versionId)
    : undefined;
  if (!stored) throw notFound(`${request.resourceType}/${request.id}/_history/${request.versionId} is not known.`);
  if (stored.deleted) throw gone(`${request.resourceType}/${request.id} was deleted in version ${versionId}.`);
  context.audit.accessed({ interaction: 'vread', resourceType: stored.resourceType, id: stored.id, versionId, resourceJson: stored.json });
  return resourceResult(context, stored);
};
