import type { SearchMatch } from '../../../db/resource-store/types';
import { bundleJson } from '../../../fhir/bundle';
import { badRequest, gone, notFound } from '../../../fhir/outcome';
import { patientLinkedTypes, type PatientLink } from '../../../fhir/patient-compartment';
import { parseDateRange } from '../../../fhir/search/date-range';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../../fhir/search/parse';
import type { SearchClause } from '../../../fhir/search/types';
import { decodeBase64UrlText, encodeBase64UrlText } from '../../../lib/base64url';
import type { FhirRequest, Interaction } from '../fhir-request';
import { FHIR_JSON, prefersStrictHandling } from '../http-semantics';
import { queryString } from './search';

/**
 * `GET [base]/Patient/[id]/$everything`: a searchset Bundle with the Patient (always, on the first
 * page) and every resource of the served types that points at it through its `patient`,
 * `subject` or `for` parameter (see patient-compartment.ts). `_since` keeps resources updated at
 * or after an instant, `_type` restricts the types, `_count` sizes pages; the `next` link carries
 * a cursor (the type reached and the store's keyset position within it), so pages neither skip
 * nor repeat a resource while others are written. Only what the token may see is returned: types
 * it may not search are skipped, and its scopes confine the rest as they confine any search. `start`/`end` are not supported and, like any
 * unknown parameter, ignored (400 under `Prefer: handling=strict`).
 * @see https://hl7.org/fhir/R4/patient-operation-everything.html
 * @see https://hl7.org/fhir/R4/http.html#paging
 */
export const everything: Interaction = async (context, request) => {
  const options = parseOptions(request);
  const patientId = request.id!;
  const patient = await context.store.read('Patient', patientId);
  if (!patient) throw notFound(`Patient/${patientId} is not known.`);
  if (patient.deleted) throw gone(`Patient/${patientId} was deleted.`);

  const links = patientLinkedTypes().filter(
    (link) => (!options.types || options.types.has(link.resourceType)) && context.store.allows('search', link.resourceType),
  );
  const position = options.cursor === undefined ? undefined : decodePosition(options.cursor, links);
  const found: SearchMatch[] = position ? [] : [patient];
  let next: string | undefined;
  let storeCursor = position?.storeCursor;
  for (let i = position?.linkIndex ?? 0; i < links.length; i++) {
    const link = links[i]!;
    const remaining = options.count - found.length;
    if (remaining === 0) {
      next = encodePosition(link.resourceType, storeCursor);
      break;
    }
    const page = await context.store.search(link.resourceType, {
      clauses: clausesFor(link, patientId, options.since),
      count: remaining,
      ...(storeCursor === undefined ? {} : { cursor: storeCursor }),
    });
    found.push(...page.resources);
    if (page.nextCursor) {
      next = encodePosition(link.resourceType, page.nextCursor);
      break;
    }
    storeCursor = undefined;
  }

  context.audit.accessed({
    interaction: 'operation',
    resourceType: 'Patient',
    id: patientId,
    query: request.query,
    path: `Patient/${patientId}/$everything`,
  });
  const path = `${context.baseUrl}/Patient/${patientId}/$everything`;
  const link = (extra: [string, string][]) => `${path}${queryString([...options.applied, ...extra])}`;
  const body = bundleJson({
    type: 'searchset',
    link: [
      { relation: 'self', url: link(options.cursor === undefined ? [] : [['_cursor', options.cursor]]) },
      ...(next ? [{ relation: 'next' as const, url: link([['_cursor', next]]) }] : []),
    ],
    entries: found.map((stored) => ({
      fullUrl: `${context.baseUrl}/${stored.resourceType}/${stored.id}`,
      resource: stored.json ?? undefined,
      search: { mode: 'match' as const },
    })),
  });
  return { status: 200, headers: { 'Content-Type': FHIR_JSON }, body };
};

interface EverythingOptions {
  since?: Date;
  /** undefined: every type. */
  types?: Set<string>;
  count: number;
  cursor?: string;
  /** The parameters that were understood, in order, for the links. */
  applied: [string, string][];
}

function parseOptions(request: FhirRequest): EverythingOptions {
  const options: EverythingOptions = { count: DEFAULT_PAGE_SIZE, applied: [] };
  const ignored: string[] = [];
  for (const [name, value] of request.query) {
    if (name === '_since') options.since = parseSince(value);
    else if (name === '_type') {
      options.types ??= new Set();
      for (const type of value.split(',')) if (type.trim()) options.types.add(type.trim());
    } else if (name === '_count') options.count = parseCount(value);
    else if (name === '_cursor') {
      options.cursor = value;
      continue;
    } else {
      ignored.push(name);
      continue;
    }
    options.applied.push([name, value]);
  }
  if (ignored.length && prefersStrictHandling(request)) {
    throw badRequest(`Unknown or unsupported parameters for $everything: ${ignored.join(', ')}.`);
  }
  return options;
}

function parseSince(value: string): Date {
  const range = value.includes('T') ? parseDateRange(value) : undefined;
  if (!range) throw badRequest(`_since must be an instant such as 2026-01-31T09:00:00Z, got "${value}".`, '_since');
  return range.low;
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw badRequest(`_count must be a positive integer, got "${value}".`, '_count');
  return Math.min(Number(value), MAX_PAGE_SIZE);
}

function clausesFor(link: PatientLink, patientId: string, since: Date | undefined): SearchClause[] {
  const clauses: SearchClause[] = [
    { kind: 'reference', param: link.parameter.code, matches: [{ targetType: 'Patient', targetId: patientId }] },
  ];
  if (since) clauses.push({ kind: 'lastUpdated', matches: [{ prefix: 'ge', low: since, high: since }] });
  return clauses;
}

/** The cursor names the type reached and the store's own cursor within it. */
function encodePosition(resourceType: string, storeCursor: string | undefined): string {
  return encodeBase64UrlText(JSON.stringify([resourceType, storeCursor ?? null]));
}

function decodePosition(cursor: string, links: PatientLink[]): { linkIndex: number; storeCursor?: string } {
  const invalid = () => badRequest('The paging cursor is not valid for this request.', '_cursor');
  let decoded: unknown;
  try {
    decoded = JSON.parse(decodeBase64UrlText(cursor) ?? '');
  } catch {
    throw invalid();
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) throw invalid();
  const [resourceType, storeCursor] = decoded as unknown[];
  const linkIndex = links.findIndex((link) => link.resourceType === resourceType);
  if (linkIndex < 0 || (storeCursor !== null && typeof storeCursor !== 'string')) throw invalid();
  return { linkIndex, ...(typeof storeCursor === 'string' ? { storeCursor } : {}) };
}
