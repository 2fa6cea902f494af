import type { Practitioner, ServiceRequest, Task } from '@medplum/fhirtypes';
import type { InboundOrigin } from '../../db/direct/message-repository';
import type { DirectPartner } from '../../db/direct/partner-repository';
import type { Repositories } from '../../db/repositories';
import { chooseDeliveryRoute, type DeliveryRoute } from '../../domain/referrals/delivery-route';
import { referringPhysicianIds } from '../../fhir/mappers/referring-physician';
import { channelOf } from '../../fhir/mappers/referral-task';
import { localAddress } from '../referrals/referral-store';

/**
 * Gathers the facts of {@link chooseDeliveryRoute} for a document about `task` (none: a report
 * without a referral): the referring physician — the Task's requester, else its ServiceRequest's
 * — as the Practitioner on MetBridge, the practice's partners, how the referral arrived, and for
 * a Direct referral the verified sender of the message it came in (returned as `origin`, so that
 * the answer goes from the address the referral was sent to and, without a partner certificate,
 * to the certificate that signed it). Reads through `tx`, the document's transaction, with the
 * server's view of the practice: the route is the practice's decision, not something the
 * caller's scopes narrow.
 */

export interface DocumentRoute {
  route: DeliveryRoute<DirectPartner>;
  /** For a referral received by Direct: the message it came in. */
  origin?: InboundOrigin;
}

export async function deliveryRouteOf(
  tx: Repositories,
  practiceId: string,
  task: Task & { id: string } | undefined,
  serviceRequest: ServiceRequest | undefined,
): Promise<DocumentRoute> {
  const partners = await tx.direct.partners.listOfPractice(practiceId);
  if (!task) return { route: chooseDeliveryRoute({ partners }) };
  const reference = localAddress((task.requester ?? serviceRequest?.requester)?.reference, 'Practitioner');
  const stored = reference ? await tx.resourcesOf(practiceId).read('Practitioner', reference.slice('Practitioner/'.length)) : undefined;
  const practitioner = stored?.json ? (JSON.parse(stored.json) as Practitioner) : undefined;
  const receivedVia = channelOf(task);
  const origin = receivedVia === 'direct' ? await tx.direct.messages.originOf(practiceId, `Task/${task.id}`) : undefined;
  const route = chooseDeliveryRoute({
    partners,
    ...(practitioner ? { physician: referringPhysicianIds(practitioner) } : {}),
    ...(receivedVia ? { receivedVia } : {}),
    ...(origin ? { sender: origin.from } : {}),
  });
  return { route, ...(origin ? { origin } : {}) };
}
