import type { StoreInteraction } from '../../db/resource-store/access-guard';
import type { ScopeInteraction } from './smart-scopes';
import type { Permissions } from './permissions';

/**
 * What a refusal says: the interaction and type that were needed and a scope that would grant
 * them in a context the caller acts in — never anything about the data.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#scopes-for-requesting-clinical-data
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1 (insufficient_scope)
 */

/** The SMART v2 letter of each store interaction. */
export const SCOPE_LETTER: Readonly<Record<StoreInteraction, ScopeInteraction>> = {
  read: 'r',
  search: 's',
  create: 'c',
  update: 'u',
  delete: 'd',
};

/** The scopes (one per usable context) that would grant `interaction` on `resourceType`. */
export function neededScopes(permissions: Permissions, interaction: StoreInteraction, resourceType: string): string[] {
  return permissions.contexts.map((context) => `${context}/${resourceType}.${SCOPE_LETTER[interaction]}`);
}

/** "This token does not allow search of Observation; it needs a scope such as user/Observation.s." */
export function insufficientScopeMessage(permissions: Permissions, interaction: StoreInteraction, resourceType: string): string {
  const scopes = neededScopes(permissions, interaction, resourceType);
  return `This token does not allow ${interaction} of ${resourceType}; it needs a scope such as ${scopes.join(' or ')}.`;
}

/** The refusal of a write whose resource would lie outside the patient compartment or granular constraint granted. */
export function outsideGrantMessage(interaction: 'create' | 'update', resourceType: string): string {
  return `This token may ${interaction} ${resourceType} only inside what its scopes grant (the patient in context, granular constraints); this ${resourceType} would lie outside it.`;
}
