import { badRequest, FhirError } from '../../../fhir/outcome';
import { parseEntryTarget, type EntryTarget } from './bundle-entry-target';

/**
 * Checks the shape of a `batch` or `transaction` Bundle and turns each entry into a plan: what it
 * addresses and with which conditions. Shape errors refuse the whole Bundle (400); an entry whose
 * URL cannot be served carries its error, answered per entry in a batch.
 * @see https://hl7.org/fhir/R4/http.html#transaction
 * @see https://hl7.org/fhir/R4/bundle.html#bundle-unique
 */

/** More entries than this are refused with 413 before any is processed. */
export const MAX_BUNDLE_ENTRIES = 1000;

const VERBS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH']);
const SERVED_VERBS = new Set(['GET', 'POST', 'PUT', 'DELETE']);

/** entry.request elements that become request headers. */
const CONDITIONAL_ELEMENTS = {
  ifNoneExist: 'if-none-exist',
  ifMatch: 'if-match',
  ifNoneMatch: 'if-none-match',
  ifModifiedSince: 'if-modified-since',
} as const;

export type BundleKind = 'batch' | 'transaction';

export interface PlannedEntry {
  /** Position in the request Bundle; the response entry goes to the same position. */
  index: number;
  /** As written in entry.request (the target carries the served method). */
  method: string;
  url: string;
  fullUrl?: string;
  resource?: Record<string, unknown>;
  /** Conditional headers from entry.request, by lower-case header name. */
  conditions: Record<string, string>;
  /** The parsed URL, or why this entry cannot be served. */
  target: EntryTarget | FhirError;
}

export interface BundlePlan {
  kind: BundleKind;
  entries: PlannedEntry[];
}

export function planBundle(body: unknown, baseUrl: string): BundlePlan {
  if (!isRecord(body) || body.resourceType !== 'Bundle') {
    throw badRequest('POST to the base URL takes a Bundle of type batch or transaction.');
  }
  if (body.type !== 'batch' && body.type !== 'transaction') {
    throw badRequest(`Bundle.type must be batch or transaction, got ${JSON.stringify(body.type ?? null)}.`, 'Bundle.type');
  }
  const entries = body.entry ?? [];
  if (!Array.isArray(entries)) throw badRequest('Bundle.entry must be an array.', 'Bundle.entry');
  if (entries.length > MAX_BUNDLE_ENTRIES) {
    throw new FhirError(413, [
      {
        code: 'too-costly',
        diagnostics: `This Bundle has ${entries.length} entries; at most ${MAX_BUNDLE_ENTRIES} are accepted in one ${body.type}. Split it.`,
        expression: 'Bundle.entry',
      },
    ]);
  }
  const planned = entries.map((entry, index) => planEntry(entry, index, baseUrl));
  rejectDuplicateFullUrls(planned);
  return { kind: body.type, entries: planned };
}

function planEntry(entry: unknown, index: number, baseUrl: string): PlannedEntry {
  const at = `Bundle.entry[${index}]`;
  if (!isRecord(entry)) throw badRequest(`${at} must be an object.`, at);
  const { request, fullUrl, resource } = entry;
  if (!isRecord(request)) throw badRequest(`${at} has no request; every batch or transaction entry needs one.`, `${at}.request`);
  const { method, url } = request;
  if (typeof method !== 'string' || !VERBS.has(method)) {
    throw badRequest(`${at}.request.method must be one of GET, HEAD, POST, PUT, DELETE, PATCH.`, `${at}.request.method`);
  }
  if (typeof url !== 'string' || url.trim() === '') throw badRequest(`${at}.request.url is required.`, `${at}.request.url`);
  if (fullUrl !== undefined && (typeof fullUrl !== 'string' || fullUrl === '')) {
    throw badRequest(`${at}.fullUrl must be a non-empty string.`, `${at}.fullUrl`);
  }
  if ((method === 'POST' || method === 'PUT') && !isRecord(resource)) {
    throw badRequest(`${at} is a ${method} and needs a resource.`, `${at}.resource`);
  }
  const conditions: Record<string, string> = {};
  for (const [element, header] of Object.entries(CONDITIONAL_ELEMENTS)) {
    const value = request[element];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw badRequest(`${at}.request.${element} must be a string.`, `${at}.request.${element}`);
    conditions[header] = value;
  }
  return {
    index,
    method,
    url,
    ...(typeof fullUrl === 'string' ? { fullUrl } : {}),
    ...(isRecord(resource) ? { resource } : {}),
    conditions,
    target: isServedVerb(method) ? targetOf(method, url, baseUrl) : unsupportedVerb(method),
  };
}

function isServedVerb(method: string): method is EntryTarget['method'] {
  return SERVED_VERBS.has(method);
}

function targetOf(method: EntryTarget['method'], url: string, baseUrl: string): EntryTarget | FhirError {
  try {
    return parseEntryTarget(method, url, baseUrl);
  } catch (error) {
    if (error instanceof FhirError) return error;
    throw error;
  }
}

function unsupportedVerb(method: string): FhirError {
  return new FhirError(405, [{ code: 'not-supported', diagnostics: `${method} entries are not supported by this server.` }]);
}

/** @see https://hl7.org/fhir/R4/bundle.html#bundle-unique */
function rejectDuplicateFullUrls(entries: PlannedEntry[]): void {
  const seen = new Map<string, number>();
  for (const entry of entries) {
    if (entry.fullUrl === undefined) continue;
    const first = seen.get(entry.fullUrl);
    if (first !== undefined) {
      throw badRequest(
        `Bundle.entry[${entry.index}].fullUrl repeats the fullUrl of Bundle.entry[${first}] (${entry.fullUrl}); each entry needs its own.`,
        `Bundle.entry[${entry.index}].fullUrl`,
      );
    }
    seen.set(entry.fullUrl, entry.index);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
