import type { Context } from 'hono';
import { badRequest, FhirError } from '../../fhir/outcome';
import type { FhirRequest, FhirResult } from './fhir-request';

/**
 * Translation between HTTP and {@link FhirRequest}/{@link FhirResult}, with FHIR's rules on media
 * types: JSON only, as `application/fhir+json` or `application/json`, any charset.
 * @see https://hl7.org/fhir/R4/http.html#mime-type
 */

const JSON_MEDIA_TYPES = new Set(['application/fhir+json', 'application/json', 'application/json+fhir']);
const FORMAT_ALIASES = new Set(['json', 'application/json', 'application/fhir+json', 'application/json+fhir']);

export async function toFhirRequest(
  c: Context,
  method: FhirRequest['method'],
  target: { resourceType: string; id?: string; versionId?: string },
  options: { formBody?: boolean } = {},
): Promise<FhirRequest> {
  const url = new URL(c.req.url);
  const query = [...url.searchParams.entries()];
  checkFormat(query);
  let body: unknown;
  if (options.formBody) {
    query.push(...(await readSearchForm(c)));
  } else if (method === 'POST' || method === 'PUT') {
    body = await readJson(c);
  }
  return {
    method,
    ...target,
    query: query.filter(([name]) => name !== '_format'),
    header: (name) => c.req.header(name),
    body,
  };
}

export function toResponse(result: FhirResult): Response {
  return new Response(result.body ?? null, { status: result.status, headers: result.headers });
}

function checkFormat(query: [string, string][]): void {
  for (const [name, value] of query) {
    if (name === '_format' && !FORMAT_ALIASES.has(value.split(';')[0]!.trim().toLowerCase())) {
      throw new FhirError(415, [{ code: 'not-supported', diagnostics: `_format ${value} is not supported; MetBridge speaks FHIR JSON.` }]);
    }
  }
}

async function readJson(c: Context): Promise<unknown> {
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!JSON_MEDIA_TYPES.has(mediaType)) {
    throw new FhirError(415, [
      {
        code: 'not-supported',
        diagnostics: `Send FHIR resources as application/fhir+json${mediaType ? `, not ${mediaType}` : ''}.`,
      },
    ]);
  }
  try {
    return JSON.parse(await c.req.text());
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
}

/** `POST [type]/_search` takes its parameters as a form body. @see https://hl7.org/fhir/R4/http.html#search */
async function readSearchForm(c: Context): Promise<[string, string][]> {
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/x-www-form-urlencoded') {
    throw new FhirError(415, [{ code: 'not-supported', diagnostics: 'Send _search parameters as application/x-www-form-urlencoded.' }]);
  }
  return [...new URLSearchParams(await c.req.text()).entries()];
}
