import { parseSearch } from '../../../fhir/search/parse';
import { badRequest, FhirError } from '../../../fhir/outcome';
import { actorRoleOf } from '../../../fhir/validation/actor-role';
import { validateWrite } from '../../../fhir/validation/validate-write';
import type { Interaction } from '../fhir-request';
import { resourceResult, writeResult } from '../http-semantics';
import { recordProvenance } from '../provenance';
import { expectResource } from '../resource-body';

/**
 * `POST [type]`: the server assigns id and meta. With `If-None-Exist`, nothing is created when one
 * resource matches (200 with it), and more than one match is 412.
 * @see https://hl7.org/fhir/R4/http.html#create
 * @see https://hl7.org/fhir/R4/http.html#ccreate
 */
export const create: Interaction = async (context, request) => {
  const resource = expectResource(request.body, request.resourceType);
  const issues = validateWrite({ resource, actorRole: actorRoleOf(context.principal.actor) });
  if (issues.length) throw new FhirError(422, issues);
  const ifNoneExist = conditionalCriteria(request.resourceType, request.header('if-none-exist'));

  const { outcome, resource: stored } = await context.store.transaction(async (store) => {
    const result = await store.create(resource, ifNoneExist ? { ifNoneExist } : {});
    if (result.outcome === 'created') {
      await recordProvenance(store, context.principal, result.resource, 'CREATE');
      await context.audit.written(store, { interaction: 'create', written: result.resource, resourceJson: result.resource.json });
    } else {
      context.audit.accessed({ interaction: 'read', resourceType: result.resource.resourceType, id: result.resource.id, resourceJson: result.resource.json });
    }
    return result;
  });
  return outcome === 'created' ? writeResult(context, request, stored, 201) : resourceResult(context, stored, 200);
};

function conditionalCriteria(resourceType: string, header: string | undefined) {
  if (header === undefined) return undefined;
  const query = header.includes('?') ? header.slice(header.indexOf('?') + 1) : header;
  const parsed = parseSearch(resourceType, new URLSearchParams(query));
  if (parsed.ignored.length) {
    throw badRequest(`If-None-Exist uses parameters ${resourceType} does not support: ${parsed.ignored.join(', ')}.`);
  }
  if (!parsed.clauses.length) throw badRequest('If-None-Exist needs at least one search parameter.');
  return parsed.clauses;
}
