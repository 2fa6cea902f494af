import type { Provenance } from '@medplum/fhirtypes';
import type { PracticeResourceStore } from '../../db/resource-store/resource-store';
import type { StoredResource } from '../../db/resource-store/types';
import { actorReference, type Principal } from '../auth/principal';

export type WriteActivity = 'CREATE' | 'UPDATE' | 'DELETE';

/**
 * Records who wrote which version, in the write's own transaction (`store` must be the
 * transaction's store).
 * @see https://hl7.org/fhir/R4/provenance.html
 */
export async function recordProvenance(
  store: PracticeResourceStore,
  principal: Principal,
  written: StoredResource,
  activity: WriteActivity,
): Promise<void> {
  const provenance: Provenance = {
    resourceType: 'Provenance',
    target: [{ reference: `${written.resourceType}/${written.id}/_history/${written.versionId}` }],
    recorded: written.lastUpdated.toISOString(),
    activity: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-DataOperation', code: activity }],
    },
    agent: [
      {
        type: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type', code: 'author' }],
        },
        who: actorReference(principal.actor),
      },
    ],
  };
  await store.create(provenance);
}
