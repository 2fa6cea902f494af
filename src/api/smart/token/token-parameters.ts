import { tokenRefusal, type TokenRefusal } from './token-refusal';

/** The token request's parameters; an empty value counts as absent (RFC 6749 §3.2). */
export interface TokenParameters {
  get(name: string): string | undefined;
}

const FORM = 'application/x-www-form-urlencoded';

/**
 * Reads a token request: `application/x-www-form-urlencoded` only, no parameter more than once.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.2
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/backend-services.html#request
 */
export async function readTokenParameters(request: Request): Promise<{ ok: true; parameters: TokenParameters } | TokenRefusal> {
  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== FORM) {
    return tokenRefusal('content_type', `The token request must be sent as ${FORM}${mediaType ? `, not ${mediaType}` : ''}.`);
  }
  // Decoded by hand: workerd warns when .text() is called on a body whose type is not text/*.
  const form = new URLSearchParams(new TextDecoder().decode(await request.arrayBuffer()));
  const seen = new Set<string>();
  for (const name of form.keys()) {
    if (seen.has(name)) return tokenRefusal('parameter_repeated', `The parameter ${name} appears more than once.`);
    seen.add(name);
  }
  return { ok: true, parameters: { get: (name) => form.get(name) || undefined } };
}
