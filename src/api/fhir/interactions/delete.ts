import type { Interaction } from '../fhir-request';
import { etag } from '../http-semantics';
import { recordProvenance } from '../provenance';

/**
 * `DELETE [type]/[id]`: writes a tombstone version; later reads answer 410. Deleting a deleted
 * resource succeeds without a new version.
 * @see https://hl7.org/fhir/R4/http.html#delete
 */
export const deleteResource: Interaction = async (context, request) => {
  const tombstone = await context.store.transaction(async (store) => {
    const current = await store.read(request.resourceType, request.id!, 'delete');
    const result = await store.delete(request.resourceType, request.id!);
    if (current && !current.deleted) {
      await recordProvenance(store, context.principal, result, 'DELETE');
      await context.audit.written(store, { interaction: 'delete', written: result, resourceJson: current.json });
    }
    return result;
  });
  return { status: 204, headers: { ETag: etag(tombstone.versionId) } };
};
