import type { AuditLog } from '../../../db/audit-log';
import type { AuditServer } from '../../../fhir/audit-event';
import { tokenAuditEvent } from '../../../fhir/audit-event-token';
import { GRANT_TYPES_SUPPORTED } from '../discovery';
import type { GrantResult } from './token-context';
import type { TokenRefusal } from './token-refusal';

/** Grant types recorded by name; anything else a client sends is recorded as `(other)`. */
const KNOWN_GRANT_TYPES: ReadonlySet<string> = new Set([...GRANT_TYPES_SUPPORTED, 'password', 'urn:ietf:params:oauth:grant-type:jwt-bearer']);

/**
 * One audit record per token request, issued or refused: the client, the outcome and the reason
 * code; for an issued token its `jti` and scope. Never the token, the assertion or anything read
 * from it. A request from a registered client is a FHIR AuditEvent in the client's practice; one
 * from a client no practice can be named for stays in the deployment-level trail.
 * @see https://profiles.ihe.net/ITI/BALP/StructureDefinition-IHE.IUA.71.html
 * @see https://hl7.org/fhir/R4/auditevent.html
 */
export async function auditTokenRequest(
  audit: AuditLog,
  grantType: string | undefined,
  result: GrantResult | TokenRefusal,
  server: AuditServer,
): Promise<void> {
  const grant = grantType === undefined ? '(none)' : KNOWN_GRANT_TYPES.has(grantType) ? grantType : '(other)';
  const client = result.ok ? result.token.client : result.client;
  if (!result.ok && !client) {
    await audit.record({
      practiceId: null,
      action: 'E',
      kind: 'oauth.token',
      outcome: 'failure',
      agent: 'client:unidentified',
      detail: { grantType: grant, reason: result.reason },
    });
    return;
  }
  if (!client) return;
  await audit.recordEvent(client.practiceId, (recorded) =>
    tokenAuditEvent({
      recorded,
      outcome: result.ok ? '0' : '4',
      ...(result.ok ? {} : { outcomeDescription: result.reason }),
      party: { clientId: client.id },
      server,
      request: `grant_type=${grant}`,
      ...(result.ok ? { issued: { tokenId: result.token.tokenId, scope: result.token.scope } } : {}),
    }),
  );
}
