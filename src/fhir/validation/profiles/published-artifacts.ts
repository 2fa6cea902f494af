import type { CodeSystem, StructureDefinition, ValueSet } from '@medplum/fhirtypes';
import { assessmentCodeSystem } from './assessment-code-system';
import { assessmentObservationProfile } from './assessment-observation-profile';
import { assessmentValueSet } from './assessment-value-set';
import { goalProfile } from './goal-profile';
import { referralTaskProfile } from './referral-task-profile';

export interface PublishedArtifact {
  /** File name under `fhir-profiles/`, `<resourceType>-<id>.json`. */
  fileName: string;
  resource: StructureDefinition | ValueSet | CodeSystem;
}

/**
 * Everything MetBridge publishes in `fhir-profiles/`, built from the same tables its validation
 * uses; `npm run build:definitions` writes them and a test keeps the committed files current.
 */
export function publishedArtifacts(): PublishedArtifact[] {
  return [assessmentObservationProfile(), goalProfile(), referralTaskProfile(), assessmentValueSet(), assessmentCodeSystem()].map(
    (resource) => ({ fileName: `${resource.resourceType}-${resource.id}.json`, resource }),
  );
}
