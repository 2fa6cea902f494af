import { supportsInteraction, type TypeInteraction } from '../../../fhir/resource-types';
import type { FhirContext, FhirRequest, FhirResult, Interaction } from '../fhir-request';
import { resolveOperation } from '../operations';
import { unsupportedInteraction } from '../unsupported-interaction';
import type { EntryTarget } from './bundle-entry-target';
import { create } from './create';
import { deleteResource } from './delete';
import { history } from './history';
import { read } from './read';
import { search } from './search';
import { update } from './update';
import { vread } from './vread';

/** The same interaction functions the HTTP routes call, by registry interaction code. */
const TYPE_INTERACTIONS: Record<TypeInteraction, Interaction> = {
  read,
  vread,
  update,
  delete: deleteResource,
  'history-instance': history,
  'history-type': history,
  create,
  'search-type': search,
};

/** One entry, ready to run: what it addresses, its conditional headers and its resource. */
export interface EntryCall {
  target: EntryTarget;
  /** Lower-case header names: `if-none-exist`, `if-match`, `if-none-match`, `if-modified-since`, `prefer`. */
  headers: Readonly<Record<string, string>>;
  resource?: unknown;
}

/**
 * Runs one Bundle entry through the interaction the HTTP API would use for it, after the same
 * registry check the routes make.
 * @see https://hl7.org/fhir/R4/http.html#transaction
 */
export function dispatchEntry(context: FhirContext, call: EntryCall): Promise<FhirResult> {
  const { target } = call;
  const interaction = interactionFor(target);
  const request: FhirRequest = {
    method: target.method,
    resourceType: target.resourceType,
    ...(target.id !== undefined ? { id: target.id } : {}),
    ...(target.versionId !== undefined ? { versionId: target.versionId } : {}),
    query: target.query,
    header: (name) => call.headers[name.toLowerCase()],
    body: call.resource,
  };
  return interaction(context, request);
}

function interactionFor(target: EntryTarget): Interaction {
  if (target.interaction === 'operation') {
    return resolveOperation(target.resourceType, target.operation!, target.method === 'POST' ? 'POST' : 'GET');
  }
  if (!supportsInteraction(target.resourceType, target.interaction)) {
    throw unsupportedInteraction(target.resourceType, target.interaction);
  }
  return TYPE_INTERACTIONS[target.interaction];
}
