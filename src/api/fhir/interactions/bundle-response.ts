import type { OperationOutcome } from '@medplum/fhirtypes';
import type { BundleEntryParts } from '../../../fhir/bundle';
import { FhirError } from '../../../fhir/outcome';
import { StoreError } from '../../../db/resource-store/types';
import type { FhirContext, FhirResult } from '../fhir-request';
import { storeErrorToFhir } from '../../store-errors';

/**
 * Turning what an interaction answered (or threw) into a `batch-response` or
 * `transaction-response` entry: `response.status` with its reason phrase, `location`, `etag`,
 * `lastModified`, and the body as `resource`, or as `response.outcome` when it is an outcome.
 * @see https://hl7.org/fhir/R4/bundle-definitions.html#Bundle.entry.response
 * @see https://hl7.org/fhir/R4/http.html#transaction-response
 */

const REASON_PHRASES: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function statusLine(status: number): string {
  const phrase = REASON_PHRASES[status];
  return phrase ? `${status} ${phrase}` : String(status);
}

/** The response entry of an entry that succeeded. */
export function successEntry(context: FhirContext, result: FhirResult): BundleEntryParts {
  const header = (name: string) => Object.entries(result.headers).find(([key]) => key.toLowerCase() === name)?.[1];
  const location = header('location') ?? header('content-location');
  const lastModified = header('last-modified');
  const etag = header('etag');
  const outcome = result.body !== undefined && isOutcomeText(result.body) ? (JSON.parse(result.body) as OperationOutcome) : undefined;
  const address = location ? resourceAddress(context, location) : undefined;
  return {
    ...(address ? { fullUrl: `${context.baseUrl}/${address}` } : {}),
    ...(result.body !== undefined && !outcome ? { resource: result.body } : {}),
    response: {
      status: statusLine(result.status),
      ...(header('location') ? { location: header('location') } : {}),
      ...(etag ? { etag } : {}),
      ...(lastModified ? { lastModified: new Date(lastModified).toISOString() } : {}),
      ...(outcome ? { outcome } : {}),
    },
  };
}

/** The response entry of an entry that failed: its status and OperationOutcome. */
export function failureEntry(error: FhirError): BundleEntryParts {
  return { response: { status: statusLine(error.status), outcome: error.outcome } };
}

/**
 * The FHIR error an entry's failure stands for: what the interaction threw, or the store's
 * refusal mapped as the HTTP API maps it. Undefined for anything else (a bug or an outage),
 * which the caller lets through to the app's error handler.
 */
export function entryErrorOf(error: unknown): FhirError | undefined {
  if (error instanceof FhirError) return error;
  if (error instanceof StoreError) return storeErrorToFhir(error);
  return undefined;
}

/** `Type/id` of `[base]/Type/id/_history/n`, when the location is on this server. */
export function resourceAddress(context: FhirContext, location: string): string | undefined {
  if (!location.startsWith(`${context.baseUrl}/`)) return undefined;
  const [type, id] = location.slice(context.baseUrl.length + 1).split('/');
  return type && id ? `${type}/${id}` : undefined;
}

/** Interactions put resources first in their JSON, so an outcome announces itself at the start. */
function isOutcomeText(body: string): boolean {
  return /^\{\s*"resourceType"\s*:\s*"OperationOutcome"/.test(body);
}
