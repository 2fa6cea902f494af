import { FhirError } from '../../fhir/outcome';
import { ReferralRefused, type ReferralIntake } from '../../integrations/direct/flows/referral-intake';
import type { Clock } from '../../lib/clock';
import type { AuditBatcher } from '../audit/audit-batcher';
import { receiveReferral } from '../referrals/receive-referral';

/**
 * Referral intake for Direct: the same {@link receiveReferral} a FHIR POST goes through (client
 * matching, triage, validation, Provenance), with the verified sender as the referrer. Its
 * refusals become {@link ReferralRefused}, so the message is rejected and the sender told.
 */
export function directReferralIntake(options: { publicUrl: string; clock: Clock; auditBatch: AuditBatcher }): ReferralIntake {
  const baseUrl = `${options.publicUrl}/fhir`;
  return async ({ tx, practice, bundle, sender }) => {
    try {
      const received = await receiveReferral(
        tx.resourcesOf(practice.id),
        { id: practice.id, organizationId: practice.organizationId },
        bundle,
        { kind: 'client', clientId: `direct:${sender}` },
        { baseUrl, clock: options.clock, auditBatch: options.auditBatch },
      );
      return {
        resources: [
          `Task/${received.taskId}`,
          ...(received.serviceRequestId ? [`ServiceRequest/${received.serviceRequestId}`] : []),
          ...(received.patientId ? [`Patient/${received.patientId}`] : []),
        ],
      };
    } catch (error) {
      if (error instanceof FhirError) throw new ReferralRefused(error.message);
      throw error;
    }
  };
}
