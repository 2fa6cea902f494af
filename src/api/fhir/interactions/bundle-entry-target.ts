import { badRequest, FhirError } from '../../../fhir/outcome';
import type { TypeInteraction } from '../../../fhir/resource-types';
import type { FhirRequest } from '../fhir-request';

/**
 * What a Bundle entry's `request` addresses, parsed from its method and relative URL the same
 * way the HTTP routes parse a request line.
 * @see https://hl7.org/fhir/R4/bundle-definitions.html#Bundle.entry.request.url
 * @see https://hl7.org/fhir/R4/http.html#transaction
 */
export interface EntryTarget {
  method: FhirRequest['method'];
  interaction: TypeInteraction | 'operation';
  resourceType: string;
  id?: string;
  versionId?: string;
  /** The operation name without `$`, for `interaction: 'operation'`. */
  operation?: string;
  query: [string, string][];
}

const RESOURCE_TYPE_NAME = /^[A-Z][A-Za-z]+$/;

export function parseEntryTarget(method: FhirRequest['method'], url: string, baseUrl: string): EntryTarget {
  const { segments, query } = splitUrl(url, baseUrl);
  const [resourceType, second, third, fourth, ...rest] = segments;
  if (!resourceType || !RESOURCE_TYPE_NAME.test(resourceType) || rest.length || segments.includes('')) {
    throw invalidUrl(url, 'it does not name a resource type, instance or version this server serves');
  }
  const target = (
    interaction: EntryTarget['interaction'],
    extra: Partial<Pick<EntryTarget, 'id' | 'versionId' | 'operation'>> = {},
  ): EntryTarget => Object.assign({ method, interaction, resourceType, query }, extra);

  switch (method) {
    case 'GET':
      if (second === undefined) return target('search-type');
      if (second === '_history' && third === undefined) return target('history-type');
      if (third === undefined) return target('read', { id: second });
      if (third === '_history') return fourth === undefined ? target('history-instance', { id: second }) : target('vread', { id: second, versionId: fourth });
      if (third.startsWith('$') && fourth === undefined) return target('operation', { id: second, operation: third.slice(1) });
      break;
    case 'POST':
      if (second === undefined && !query.length) return target('create');
      if (second === '_search' && third === undefined) return target('search-type');
      break;
    case 'PUT':
      if (second === undefined && query.length) throw notSupported('Conditional update (PUT with search criteria) is not supported.');
      if (second !== undefined && third === undefined && !query.length) return target('update', { id: second });
      break;
    case 'DELETE':
      if (second === undefined && query.length) throw notSupported('Conditional delete (DELETE with search criteria) is not supported.');
      if (second !== undefined && third === undefined && !query.length) return target('delete', { id: second });
      break;
  }
  throw invalidUrl(url, `${method} cannot be used with this URL`);
}

function splitUrl(url: string, baseUrl: string): { segments: string[]; query: [string, string][] } {
  let relative = url;
  if (relative.startsWith(`${baseUrl}/`)) relative = relative.slice(baseUrl.length + 1);
  else if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(relative)) {
    throw invalidUrl(url, `it must be relative to this server (or start with ${baseUrl}/)`);
  }
  relative = relative.replace(/^\/+/, '');
  const mark = relative.indexOf('?');
  const path = mark < 0 ? relative : relative.slice(0, mark);
  const query = mark < 0 ? [] : [...new URLSearchParams(relative.slice(mark + 1)).entries()];
  try {
    return { segments: path.split('/').map(decodeURIComponent), query: query.filter(([name]) => name !== '_format') };
  } catch {
    throw invalidUrl(url, 'it is not correctly percent-encoded');
  }
}

function invalidUrl(url: string, reason: string): FhirError {
  return badRequest(`The entry URL ${JSON.stringify(url)} is not valid: ${reason}.`, 'Bundle.entry.request.url');
}

function notSupported(diagnostics: string): FhirError {
  return new FhirError(405, [{ code: 'not-supported', diagnostics }]);
}
