import type { ReferralOwner } from '../../fhir/validation/validate-write';
import type { FhirContext } from './fhir-request';

/**
 * The owner a Task written through the FHIR API must have (the practice's Organization), for
 * the write rules; nothing for other resource types, so that only Task writes read the practice.
 * @see https://hl7.org/fhir/us/physical-activity/STU1/workflow.html#managing
 */
export async function referralOwnerFor(context: FhirContext, resourceType: string): Promise<{ referralOwner?: ReferralOwner }> {
  if (resourceType !== 'Task') return {};
  const organizationId = await context.practiceOrganizationId();
  return organizationId ? { referralOwner: { organizationId, baseUrl: context.baseUrl } } : {};
}
