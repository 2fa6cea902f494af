import { badRequest, FhirError } from '../../../fhir/outcome';
import { actorRoleOf } from '../../../fhir/validation/actor-role';
import { validateWrite } from '../../../fhir/validation/validate-write';
import type { Interaction } from '../fhir-request';
import { parseIfMatch, writeResult } from '../http-semantics';
import { recordProvenance } from '../provenance';
import { referralOwnerFor } from '../referral-owner';
import { expectResource, type ResourceBody } from '../resource-body';

/**
 * `PUT [type]/[id]`: replaces the resource as a new version. `If-Match: W/"n"` makes it
 * conditional on the current version (412 otherwise). Ids are assigned by MetBridge, so a PUT
 * to an unknown id is 404 rather than a create.
 * @see https://hl7.org/fhir/R4/http.html#update
 * @see https://hl7.org/fhir/R4/http.html#concurrency
 */
export const update: Interaction = async (context, request) => {
  const resource = expectResource(request.body, request.resourceType);
  if (resource.id !== request.id) {
    throw badRequest(`The body's id (${JSON.stringify(resource.id ?? null)}) must equal the id in the URL (${request.id}).`, `${request.resourceType}.id`);
  }
  const expectedVersion = parseIfMatch(request.header('if-match'));
  const owner = await referralOwnerFor(context, resource.resourceType);

  const stored = await context.store.transaction(async (store) => {
    const current = await store.read(request.resourceType, request.id!, 'update');
    const previous = current?.json ? (JSON.parse(current.json) as ResourceBody) : undefined;
    const issues = validateWrite({ resource, previous, actorRole: actorRoleOf(context.principal.actor), ...owner });
    if (issues.length) throw new FhirError(422, issues);
    const written = await store.update({ ...resource, id: request.id! }, { expectedVersion });
    await recordProvenance(store, context.principal, written, 'UPDATE');
    await context.audit.written(store, { interaction: 'update', written, resourceJson: written.json });
    return written;
  });
  return writeResult(context, request, stored, 200);
};
