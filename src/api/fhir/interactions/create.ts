import { parseSearch } from '../../../fhir/search/parse';
import { badRequest, FhirError } from '../../../fhir/outcome';
import { actorRoleOf } from '../../../fhir/validation/actor-role';
import { validateWrite, type ActorRole } from '../../../fhir/validation/validate-write';
import type { Task } from '@medplum/fhirtypes';
import { withChannel } from '../../../fhir/mappers/referral-task';
import { referralOwnerFor } from '../referral-owner';
import type { Interaction } from '../fhir-request';
import { resourceResult, writeResult } from '../http-semantics';
import { recordProvenance } from '../provenance';
import { expectResource } from '../resource-body';

/**
 * `POST [type]`: the server assigns id and meta. With `If-None-Exist`, nothing is created when one
 * resource matches (200 with it), and more than one match is 412. A Task must be owned by the
 * practice's Organization (see task-owner-practice).
 * @see https://hl7.org/fhir/R4/http.html#create
 * @see https://hl7.org/fhir/R4/http.html#ccreate
 */
export const create: Interaction = async (context, request) => {
  const actorRole = actorRoleOf(context.principal.actor);
  const resource = referrerTagged(expectResource(request.body, request.resourceType), actorRole);
  const issues = validateWrite({ resource, actorRole, ...(await referralOwnerFor(context, resource.resourceType)) });
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

/** A referral Task the referrer POSTs is tagged as received through FHIR (a Bundle's intake already tagged it). */
function referrerTagged<T extends { resourceType: string }>(resource: T, actorRole: ActorRole): T {
  if (resource.resourceType !== 'Task' || actorRole !== 'referrer') return resource;
  return withChannel(resource as unknown as Task, 'fhir') as unknown as T;
}

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
