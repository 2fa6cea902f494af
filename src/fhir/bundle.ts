/**
 * Bundles are assembled as text: each entry's resource is the stored JSON, spliced in without a
 * parse/serialise round trip.
 * @see https://hl7.org/fhir/R4/bundle.html
 */

export interface BundleLink {
  relation: 'self' | 'next' | 'previous' | 'first';
  url: string;
}

export interface BundleEntryParts {
  fullUrl?: string;
  /** The resource as JSON text. */
  resource?: string;
  search?: { mode: 'match' | 'include' | 'outcome' };
  request?: { method: string; url: string };
  response?: { status: string; location?: string; etag?: string; lastModified?: string; outcome?: unknown };
}

export interface BundleParts {
  type: 'searchset' | 'history' | 'batch-response' | 'transaction-response';
  timestamp?: string;
  total?: number;
  link?: BundleLink[];
  entries: BundleEntryParts[];
}

export function bundleJson(bundle: BundleParts): string {
  const head: Record<string, unknown> = { resourceType: 'Bundle', type: bundle.type };
  if (bundle.timestamp !== undefined) head.timestamp = bundle.timestamp;
  if (bundle.total !== undefined) head.total = bundle.total;
  if (bundle.link?.length) head.link = bundle.link;
  const headJson = JSON.stringify(head);
  if (!bundle.entries.length) return headJson;
  return `${headJson.slice(0, -1)},"entry":[${bundle.entries.map(entryJson).join(',')}]}`;
}

function entryJson(entry: BundleEntryParts): string {
  const parts: string[] = [];
  if (entry.fullUrl !== undefined) parts.push(`"fullUrl":${JSON.stringify(entry.fullUrl)}`);
  if (entry.resource !== undefined) parts.push(`"resource":${entry.resource}`);
  if (entry.search) parts.push(`"search":${JSON.stringify(entry.search)}`);
  if (entry.request) parts.push(`"request":${JSON.stringify(entry.request)}`);
  if (entry.response) parts.push(`"response":${JSON.stringify(entry.response)}`);
  return `{${parts.join(',')}}`;
}
