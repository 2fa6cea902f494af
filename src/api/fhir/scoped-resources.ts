import type { PracticeResourceStore } from '../../db/resource-store/resource-store';
import { FhirError } from '../../fhir/outcome';
import type { Repositories } from '../../db/repositories';
import { Permissions } from '../auth/permissions';
import type { Principal } from '../auth/principal';
import { scopeGuard, type ScopeRefusals } from '../auth/scope-guard';
import { insufficientScopeMessage, outsideGrantMessage } from '../auth/scope-refusal';

/**
 * The resource store a FHIR request works on: its principal's practice (tenancy no parameter can
 * widen), guarded by its granted scopes. Refusals are 403 OperationOutcomes (`forbidden`) naming
 * the interaction and type needed.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html
 * @see https://hl7.org/fhir/R4/http.html#Status-Codes
 */
export function scopedResources(repositories: Repositories, principal: Principal): PracticeResourceStore {
  const permissions = Permissions.of(principal);
  const refusals: ScopeRefusals = {
    insufficientScope: (interaction, resourceType) =>
      new FhirError(403, [{ code: 'forbidden', diagnostics: insufficientScopeMessage(permissions, interaction, resourceType) }]),
    outsideGrant: (interaction, resourceType) =>
      new FhirError(403, [{ code: 'forbidden', diagnostics: outsideGrantMessage(interaction, resourceType) }]),
  };
  return repositories.resourcesOf(principal.practiceId).guardedBy(scopeGuard(permissions, refusals));
}
