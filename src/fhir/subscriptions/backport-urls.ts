/**
 * The canonical URLs of the Subscriptions R5 Backport IG (STU 1.1) that MetBridge reads and writes,
 * and the one topic it serves.
 * @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/
 */
const BACKPORT = 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition';

/** @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/StructureDefinition-backport-subscription.html */
export const BACKPORT_SUBSCRIPTION_PROFILE = `${BACKPORT}/backport-subscription`;
/** @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/StructureDefinition-backport-filter-criteria.html */
export const FILTER_CRITERIA_EXTENSION = `${BACKPORT}/backport-filter-criteria`;
/** @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/StructureDefinition-backport-payload-content.html */
export const PAYLOAD_CONTENT_EXTENSION = `${BACKPORT}/backport-payload-content`;
/** @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/StructureDefinition-backport-heartbeat-period.html */
export const HEARTBEAT_PERIOD_EXTENSION = `${BACKPORT}/backport-heartbeat-period`;
/** @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/StructureDefinition-backport-timeout.html */
export const TIMEOUT_EXTENSION = `${BACKPORT}/backport-timeout`;
/** @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/StructureDefinition-backport-subscription-notification-r4.html */
export const NOTIFICATION_BUNDLE_PROFILE = `${BACKPORT}/backport-subscription-notification-r4`;
/** @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/StructureDefinition-backport-subscription-status-r4.html */
export const SUBSCRIPTION_STATUS_PROFILE = `${BACKPORT}/backport-subscription-status-r4`;

/** @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/OperationDefinition-backport-subscription-status.html */
export const STATUS_OPERATION = 'http://hl7.org/fhir/uv/subscriptions-backport/OperationDefinition/backport-subscription-status';
/** @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/OperationDefinition-backport-subscription-events.html */
export const EVENTS_OPERATION = 'http://hl7.org/fhir/uv/subscriptions-backport/OperationDefinition/backport-subscription-events';

/**
 * The SDOH Clinical Care Task topic: a Task was created or changed. MetBridge's referral Tasks
 * are its only source of events.
 * @see https://hl7.org/fhir/us/sdoh-clinicalcare/checking_task_status.html (Task topic: canFilterBy owner, requester)
 */
export const TASK_TOPIC = 'http://hl7.org/fhir/us/sdoh-clinicalcare/SubscriptionTopic/Task';

/** The `subscription-error` code system the IG's error example uses. @see https://terminology.hl7.org/CodeSystem-subscription-error.html */
export const SUBSCRIPTION_ERROR_SYSTEM = 'http://terminology.hl7.org/CodeSystem/subscription-error';
