import type { Repositories } from '../../db/repositories';
import type { PracticeResourceStore } from '../../db/resource-store/resource-store';
import { ApiError } from '../api-error';
import { Permissions } from '../auth/permissions';
import type { Principal } from '../auth/principal';
import { scopeGuard } from '../auth/scope-guard';
import { insufficientScopeMessage, outsideGrantMessage, SCOPE_LETTER } from '../auth/scope-refusal';
import type { ResourceAccess } from './practice-route';

/**
 * SMART scopes on the practice API, as on FHIR: a route needs every FHIR interaction it declares
 * (`touches`), checked before it runs; its handler then works on a store guarded by the same
 * scopes, so a `patient/` token reaches only its own client (any other is not found) and a list
 * holds only what the token may see. Refusals are 403 in the practice API's error shape.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html
 */

const insufficientScope = (message: string) => new ApiError(403, { error: 'insufficient_scope', message });

/** Throws 403 naming the first declared interaction the principal's scopes do not grant at all. */
export function requireTouches(principal: Principal, touches: readonly ResourceAccess[]): void {
  const permissions = Permissions.of(principal);
  for (const { resourceType, interaction } of touches) {
    if (permissions.permission(SCOPE_LETTER[interaction], resourceType).kind === 'none') {
      throw insufficientScope(insufficientScopeMessage(permissions, interaction, resourceType));
    }
  }
}

/** The principal's practice store, guarded by its scopes with the practice API's refusals. */
export function practiceResources(repositories: Repositories, principal: Principal): PracticeResourceStore {
  const permissions = Permissions.of(principal);
  const guard = scopeGuard(permissions, {
    insufficientScope: (interaction, resourceType) => insufficientScope(insufficientScopeMessage(permissions, interaction, resourceType)),
    outsideGrant: (interaction, resourceType) => insufficientScope(outsideGrantMessage(interaction, resourceType)),
  });
  return repositories.resourcesOf(principal.practiceId).guardedBy(guard);
}
