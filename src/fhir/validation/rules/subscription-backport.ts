import { readBackportSubscription } from '../../subscriptions/backport-subscription';
import type { WriteRule } from '../write-candidate';

/**
 * A Subscription is a topic-based one in the backport's R4 form that MetBridge can serve (see
 * backport-subscription.ts). A client creates it `requested` (the server moves it to `active`
 * after the handshake, or to `error`), and may later update it to `requested` again — a new
 * handshake, the way back from `error` — or to `off`.
 * @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/StructureDefinition-backport-subscription.html
 * @see https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/components.html#subscription-status (requested → active | error)
 */
export const subscriptionBackport: WriteRule = ({ resource, previous }) => {
  if (resource.resourceType !== 'Subscription') return [];
  const result = readBackportSubscription(resource);
  const issues = result.ok ? [] : result.issues;
  if (!previous && resource.status !== 'requested') {
    issues.push({ code: 'business-rule', diagnostics: 'A new Subscription must have status requested; the server activates it after its handshake.', expression: 'Subscription.status' });
  }
  if (previous && resource.status !== 'requested' && resource.status !== 'off') {
    issues.push({
      code: 'business-rule',
      diagnostics: 'A Subscription is updated to requested (a new handshake, e.g. after error) or to off; active and error are set by the server.',
      expression: 'Subscription.status',
    });
  }
  return issues;
};
