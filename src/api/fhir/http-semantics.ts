import type { StoredResource } from '../../db/resource-store/types';
import { badRequest, informationOutcome } from '../../fhir/outcome';
import type { FhirContext, FhirRequest, FhirResult } from './fhir-request';

/**
 * Version and representation headers shared by the interactions.
 * @see https://hl7.org/fhir/R4/http.html#versioning
 * @see https://hl7.org/fhir/R4/http.html#ops
 */

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

export function etag(versionId: number): string {
  return `W/"${versionId}"`;
}

/** `W/"3"` or `"3"` → 3; undefined for an absent header; 400 for anything else. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  if (!match) throw badRequest(`If-Match must be a version ETag such as W/"3", got ${JSON.stringify(header)}.`);
  return Number(match[1]);
}

export function versionHeaders(context: FhirContext, stored: StoredResource): Record<string, string> {
  return {
    ETag: etag(stored.versionId),
    'Last-Modified': stored.lastUpdated.toUTCString(),
    'Content-Location': `${context.baseUrl}/${stored.resourceType}/${stored.id}/_history/${stored.versionId}`,
  };
}

export function resourceResult(context: FhirContext, stored: StoredResource, status = 200): FhirResult {
  return { status, headers: { ...versionHeaders(context, stored), 'Content-Type': FHIR_JSON }, body: stored.json ?? undefined };
}

/**
 * The answer to a successful create or update, shaped by `Prefer: return=…`.
 * @see https://hl7.org/fhir/R4/http.html#ops
 */
export function writeResult(context: FhirContext, request: FhirRequest, stored: StoredResource, status: number): FhirResult {
  const headers: Record<string, string> = {
    ...versionHeaders(context, stored),
    Location: `${context.baseUrl}/${stored.resourceType}/${stored.id}/_history/${stored.versionId}`,
  };
  switch (preferredReturn(request)) {
    case 'minimal':
      return { status, headers };
    case 'OperationOutcome':
      return {
        status,
        headers: { ...headers, 'Content-Type': FHIR_JSON },
        body: JSON.stringify(informationOutcome(`${stored.resourceType}/${stored.id} is at version ${stored.versionId}.`)),
      };
    case 'representation':
      return { status, headers: { ...headers, 'Content-Type': FHIR_JSON }, body: stored.json ?? undefined };
  }
}

type PreferReturn = 'minimal' | 'representation' | 'OperationOutcome';

export function preferredReturn(request: FhirRequest): PreferReturn {
  const match = /(?:^|[;,\s])return=(minimal|representation|OperationOutcome)\b/.exec(request.header('prefer') ?? '');
  return (match?.[1] as PreferReturn | undefined) ?? 'representation';
}

/** `Prefer: handling=strict`: unknown search parameters are errors rather than ignored. @see https://hl7.org/fhir/R4/search.html#errors */
export function prefersStrictHandling(request: FhirRequest): boolean {
  return /(?:^|[;,\s])handling=strict\b/.test(request.header('prefer') ?? '');
}
