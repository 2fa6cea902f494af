import { readBackportSubscription } from '../../subscriptions/backport-subscription';
import type { WriteRule } from '../write-candidate';

/**
 * A Subscription is a topic-based one in the backport's R4 form that MetBridge can serve (see
 * backport-subscription.ts), and a client creates it `requested`: the server moves it to
 * `active` after the handshake, or to `error`.
 * @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/StructureDefinition-backport-subscription.html
 * @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/components.html#subscription-status (requested → active | error)
 */
export const subscriptionBackport: WriteRule = ({ resource }) => {
  if (resource.resourceType !== 'Subscription') return [];
  const result = readBackportSubscription(resource);
  const issues = result.ok ? [] : result.issues;
  if (resource.status !== 'requested') {
    issues.push({ code: 'business-rule', diagnostics: 'A new Subscription must have status requested; the server activates it after its handshake.', expression: 'Subscription.status' });
  }
  return issues;
};
