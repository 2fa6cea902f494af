import { findOperation, operationKey, type OperationKey } from '../../fhir/operations';
import { notFound } from '../../fhir/outcome';
import { supportsInteraction } from '../../fhir/resource-types';
import type { Interaction } from './fhir-request';
import { everything } from './interactions/everything';
import { unsupportedInteraction } from './unsupported-interaction';

/**
 * The implementation of each operation in the operation registry; the `Record` type makes the
 * compiler refuse a registered operation without a handler.
 * @see https://hl7.org/fhir/R4/operations.html
 */
const HANDLERS: Record<OperationKey, Interaction> = {
  'Patient/$everything': everything,
};

/** The handler of `[type]/[id]/$name`; 404 for an unknown type or operation. */
export function resolveOperation(resourceType: string, name: string): Interaction {
  if (!supportsInteraction(resourceType, 'read')) throw unsupportedInteraction(resourceType, 'operation');
  const operation = findOperation(resourceType, name);
  if (!operation) throw notFound(`$${name} is not an operation this server supports on ${resourceType}.`);
  return HANDLERS[operationKey(operation)];
}
