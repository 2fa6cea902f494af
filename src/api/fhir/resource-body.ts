import { badRequest } from '../../fhir/outcome';

export type ResourceBody = { resourceType: string } & Record<string, unknown>;

/**
 * The body of a create or update: a JSON object whose resourceType is the one addressed.
 * @see https://hl7.org/fhir/R4/http.html#create
 */
export function expectResource(body: unknown, resourceType: string): ResourceBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('The request body must be a FHIR resource (a JSON object).');
  }
  const actual = (body as Record<string, unknown>).resourceType;
  if (actual !== resourceType) {
    throw badRequest(
      `The body's resourceType is ${JSON.stringify(actual ?? null)}, but the request addresses ${resourceType}.`,
      'resourceType',
    );
  }
  return body as ResourceBody;
}
