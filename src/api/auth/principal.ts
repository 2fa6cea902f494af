/**
 * Who is calling, as established by authentication. The practice (tenant) of every FHIR and
 * practice-API request comes from here and nowhere else.
 */
export type Actor =
  | { kind: 'user'; userId: string; practitionerId: string }
  | { kind: 'client'; clientId: string };

export interface Principal {
  practiceId: string;
  actor: Actor;
  /** Granted scopes as issued (SMART v1 or v2 grammar). */
  scopes: readonly string[];
  /** The patient in context, for `patient/` scopes. */
  patientId?: string;
}

/** Establishes the principal of a request from its credentials; undefined when there are none or they are invalid. */
export interface Authenticator {
  authenticate(request: Request): Promise<Principal | undefined>;
}

/** Refuses everyone; the default until an authorization server is configured. */
export const noAuthenticator: Authenticator = { authenticate: async () => undefined };

/** Bearer tokens mapped to principals in memory: for tests and local tools. */
export function staticTokenAuthenticator(tokens: ReadonlyMap<string, Principal>): Authenticator {
  return {
    async authenticate(request) {
      const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '');
      return match ? tokens.get(match[1]!) : undefined;
    },
  };
}

/** How an actor is named in Provenance, AuditEvent and logs: a reference, never a secret. */
export function actorReference(actor: Actor): { reference?: string; display: string } {
  return actor.kind === 'user'
    ? { reference: `Practitioner/${actor.practitionerId}`, display: `user ${actor.userId}` }
    : { display: `client ${actor.clientId}` };
}
