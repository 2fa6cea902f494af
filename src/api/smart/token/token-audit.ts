import type { AuditLog } from '../../../db/audit-log';
import { GRANT_TYPES_SUPPORTED } from '../discovery';
import type { GrantResult } from './token-context';
import type { TokenRefusal } from './token-refusal';

/** Grant types recorded by name; anything else a client sends is recorded as `(other)`. */
const KNOWN_GRANT_TYPES: ReadonlySet<string> = new Set([...GRANT_TYPES_SUPPORTED, 'password', 'urn:ietf:params:oauth:grant-type:jwt-bearer']);

/**
 * One audit row per token request, issued or refused: the client (when it is a registered one),
 * the outcome and the reason code. Never the token, the assertion or anything read from it.
 * @see https://hl7.org/fhir/R4/auditevent.html
 */
export async function auditTokenRequest(audit: AuditLog, grantType: string | undefined, result: GrantResult | TokenRefusal): Promise<void> {
  const client = result.ok ? result.token.client : result.client;
  await audit.record({
    practiceId: client?.practiceId ?? null,
    action: 'E',
    kind: 'oauth.token',
    outcome: result.ok ? 'success' : 'failure',
    agent: client ? `client:${client.id}` : 'client:unidentified',
    detail: {
      grantType: grantType === undefined ? '(none)' : KNOWN_GRANT_TYPES.has(grantType) ? grantType : '(other)',
      ...(result.ok ? { reason: 'issued', scope: result.token.scope, tokenId: result.token.tokenId } : { reason: result.reason }),
    },
  });
}
