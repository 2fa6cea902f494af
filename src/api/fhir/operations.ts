import { findOperation, operationKey, type OperationKey } from '../../fhir/operations';
import { FhirError, notFound } from '../../fhir/outcome';
import { supportsInteraction } from '../../fhir/resource-types';
import type { Interaction } from './fhir-request';
import { everything } from './interactions/everything';
import { progressReport } from './interactions/progress-report';
import { subscriptionEvents } from './interactions/subscription-events';
import { subscriptionStatus } from './interactions/subscription-status';
import { unsupportedInteraction } from './unsupported-interaction';

/**
 * The implementation of each operation in the operation registry; the `Record` type makes the
 * compiler refuse a registered operation without a handler.
 * @see https://hl7.org/fhir/R4/operations.html
 */
const HANDLERS: Record<OperationKey, Interaction> = {
  'Patient/$everything': everything,
  'Task/$progress-report': progressReport,
  'Subscription/$status': subscriptionStatus,
  'Subscription/$events': subscriptionEvents,
};

/**
 * The handler of `[type]/[id]/$name`; 404 for an unknown type or operation, 405 for GET on an
 * operation that changes data.
 */
export function resolveOperation(resourceType: string, name: string, method: 'GET' | 'POST'): Interaction {
  if (!supportsInteraction(resourceType, 'read')) throw unsupportedInteraction(resourceType, 'operation');
  const operation = findOperation(resourceType, name);
  if (!operation) throw notFound(`$${name} is not an operation this server supports on ${resourceType}.`);
  if (method === 'GET' && operation.affectsState) {
    throw new FhirError(405, [{ code: 'not-supported', diagnostics: `$${name} changes data: invoke it with POST.` }], { Allow: 'POST' });
  }
  return HANDLERS[operationKey(operation)];
}
