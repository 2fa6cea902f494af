import { METBRIDGE_CANONICAL } from './canonical';
import { EVENTS_OPERATION, STATUS_OPERATION } from './subscriptions/backport-urls';

/**
 * The FHIR operations MetBridge implements, as data. The routes dispatch through this table and
 * the CapabilityStatement lists it, so an operation is advertised exactly when it is served.
 * @see https://hl7.org/fhir/R4/operations.html
 */
export interface OperationDefinitionEntry {
  /** The name without `$`, as in `[base]/Patient/[id]/$everything`. */
  name: string;
  resourceType: string;
  /** Only instance-level invocation (`[type]/[id]/$name`) is served. */
  level: 'instance';
  /** Canonical URL of the OperationDefinition. */
  definition: string;
  documentation: string;
  /** Changes data: invoked with POST only (GET is refused). @see https://hl7.org/fhir/R4/operations.html#executing */
  affectsState: boolean;
}

export const OPERATIONS = [
  {
    name: 'everything',
    resourceType: 'Patient',
    level: 'instance',
    definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything',
    documentation:
      'The patient and every resource that references it through its patient, subject or for search parameter; supports _since, _type and _count, paged.',
    affectsState: false,
  },
  {
    name: 'progress-report',
    resourceType: 'Task',
    level: 'instance',
    definition: `${METBRIDGE_CANONICAL}/OperationDefinition/Task-progress-report`,
    documentation:
      'POST with Parameters period (Period), narrative, nextSteps (string), final (boolean) and plannedSessions (integer): issues the progress report of the referral Task as a PA Intervention Report DiagnosticReport (PDF in presentedForm), links it from Task.output and, when final, completes the Task. Returns the DiagnosticReport.',
    affectsState: true,
  },
  {
    name: 'status',
    resourceType: 'Subscription',
    level: 'instance',
    definition: STATUS_OPERATION,
    documentation:
      'The subscription\'s SubscriptionStatus (R4: a backport-subscription-status-r4 Parameters, type query-status) in a searchset Bundle: status, events-since-subscription-start and, in error, why.',
    affectsState: false,
  },
  {
    name: 'events',
    resourceType: 'Subscription',
    level: 'instance',
    definition: EVENTS_OPERATION,
    documentation:
      'The events recorded for the subscription from eventsSinceNumber to eventsUntilNumber (inclusive; default: all, at most 500 a call), delivered or not, as a history notification Bundle (status type query-event). content empty or id-only is honoured; full-resource is served as id-only.',
    affectsState: false,
  },
] as const satisfies readonly OperationDefinitionEntry[];

type RegisteredOperation = (typeof OPERATIONS)[number];

/** `Patient/$everything`: the key an operation is dispatched by (one per registered operation). */
export type OperationKey = RegisteredOperation extends infer Operation
  ? Operation extends { resourceType: infer Type extends string; name: infer Name extends string }
    ? `${Type}/$${Name}`
    : never
  : never;

export function findOperation(resourceType: string, name: string): OperationDefinitionEntry | undefined {
  return OPERATIONS.find((operation) => operation.resourceType === resourceType && operation.name === name);
}

export function operationKey(operation: OperationDefinitionEntry): OperationKey {
  return `${operation.resourceType}/$${operation.name}` as OperationKey;
}
