import { grantableScopes } from '../../auth/scope-ceiling';
import { parseScopeList, type SmartScope } from '../../auth/smart-scopes';
import { authenticateClientByAssertion } from '../client-auth/authenticate-client';
import { clientAuthenticationContext } from './client-authentication-context';
import { issueAccessToken } from './issue-access-token';
import { registeredForGrant } from './registered-grant';
import type { Grant } from './token-context';
import { tokenRefusal } from './token-refusal';

/**
 * `client_credentials` with `private_key_jwt`: SMART Backend Services. The granted scope is the
 * requested `system/` scopes intersected with the client's registered ones; no refresh token.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/backend-services.html#obtain-access-token
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 */
export const clientCredentialsGrant: Grant = async (parameters, context) => {
  const assertion = await authenticateClientByAssertion(
    {
      clientAssertionType: parameters.get('client_assertion_type'),
      clientAssertion: parameters.get('client_assertion'),
      clientId: parameters.get('client_id'),
    },
    clientAuthenticationContext(context),
  );
  const authentication = registeredForGrant(assertion, 'client_credentials');
  if (!authentication.ok) return authentication;
  const { client } = authentication;
  const requestedText = parameters.get('scope');
  if (!requestedText) {
    return tokenRefusal('scope_missing', 'scope is required: the system/ scopes you need, e.g. system/Observation.rs.', client);
  }
  const requested = parseScopeList(requestedText);
  const granted = grantableScopes(requested.scopes.filter(isSystemScope), parseScopeList(client.scope).scopes);
  if (granted.length === 0) {
    const unrecognized = requested.unrecognized.length ? ` Not SMART scopes: ${requested.unrecognized.join(' ')}.` : '';
    return tokenRefusal(
      'scope_not_granted',
      `No requested system/ scope is within the scopes registered for this client (${client.scope}).${unrecognized}`,
      client,
    );
  }
  return { ok: true, token: await issueAccessToken({ client, scopes: granted }, context) };
};

/** Backend services act for no user and no patient: only `system/` scopes can be granted. */
function isSystemScope(scope: SmartScope): boolean {
  return scope.kind === 'clinical' && scope.context === 'system';
}
