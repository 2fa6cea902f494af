import type { Repositories } from '../../db/repositories';
import type { PracticeResourceStore } from '../../db/resource-store/resource-store';
import type { Clock } from '../../lib/clock';
import type { RequestAudit } from '../audit/request-audit';
import type { Principal } from '../auth/principal';

/**
 * A FHIR REST request, free of HTTP framework types, so interactions run the same for a
 * request over HTTP and for an entry of a batch or transaction Bundle.
 */
export interface FhirRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  resourceType: string;
  id?: string;
  versionId?: string;
  /** Search and paging parameters, in order, repeated names kept. */
  query: [string, string][];
  /** Header lookup, case-insensitive. */
  header(name: string): string | undefined;
  /** The parsed JSON body (create, update, transaction). */
  body?: unknown;
}

/** What an interaction answers: a status, headers and the body as JSON text. */
export interface FhirResult {
  status: number;
  headers: Record<string, string>;
  body?: string;
}

/** What an interaction may use: the practice's store and who is asking. */
export interface FhirContext {
  store: PracticeResourceStore;
  principal: Principal;
  /** `PUBLIC_URL + "/fhir"`: the base of every absolute URL in responses. */
  baseUrl: string;
  clock: Clock;
  /** The request's audit trail: interactions record what they served or wrote. */
  audit: RequestAudit;
  /**
   * The request's repositories, for an operation that writes operational tables with its
   * resources in one transaction of its own (`$progress-report` queues its Direct delivery).
   * Absent where the request already runs inside a transaction it does not own (an entry of a
   * transaction Bundle, referral intake).
   */
  repositories?: Repositories;
  /** The practice's own Organization id, which owns its referral Tasks; read only when a Task is written. */
  practiceOrganizationId(): Promise<string | undefined>;
}

export type Interaction = (context: FhirContext, request: FhirRequest) => Promise<FhirResult>;
