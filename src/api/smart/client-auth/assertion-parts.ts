import { decodeBase64UrlText } from '../../../lib/base64url';
import { assertionFailure, type AssertionFailure } from './assertion-failure';

export interface AssertionParts {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

/** Assertions longer than this are not JWTs a client needs to send. */
const MAX_ASSERTION_LENGTH = 16_384;

/**
 * The header and claims of a compact JWS, before any verification: both must be JSON objects.
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-7.1
 */
export function decodeAssertion(assertion: string): ({ ok: true } & AssertionParts) | AssertionFailure {
  const malformed = (what: string) => assertionFailure('assertion_malformed', `client_assertion is not a signed JWT: ${what}.`);
  if (assertion.length > MAX_ASSERTION_LENGTH) return malformed(`it is longer than ${MAX_ASSERTION_LENGTH} characters`);
  const segments = assertion.split('.');
  if (segments.length !== 3) return malformed('expected three base64url segments separated by dots (JWS compact serialization)');
  const header = parseObject(segments[0]!);
  if (!header) return malformed('its header is not a base64url-encoded JSON object');
  const claims = parseObject(segments[1]!);
  if (!claims) return malformed('its payload is not a base64url-encoded JSON object');
  return { ok: true, header, claims };
}

function parseObject(segment: string): Record<string, unknown> | undefined {
  const text = decodeBase64UrlText(segment);
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
