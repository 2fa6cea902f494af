import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { payloadTooLarge } from '../../fhir/outcome';
import { fhirErrorResponse } from '../error-handler';

/** Refuses bodies over `maxBytes` with 413 before anything parses them (by Content-Length or while streaming). */
export function bodyLimitMiddleware(maxBytes: number): MiddlewareHandler {
  return bodyLimit({ maxSize: maxBytes, onError: () => fhirErrorResponse(payloadTooLarge(maxBytes)) });
}
