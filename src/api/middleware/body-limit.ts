import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { payloadTooLarge } from '../../fhir/outcome';
import { fhirErrorResponse } from '../error-handler';

/**
 * Refuses bodies over `maxBytes` with 413 before anything parses them (by Content-Length or while
 * streaming). GET and HEAD carry no body, so they skip the check: touching the body stream costs a
 * quarter of a read's CPU under @hono/node-server.
 */
export function bodyLimitMiddleware(maxBytes: number): MiddlewareHandler {
  const limit = bodyLimit({ maxSize: maxBytes, onError: () => fhirErrorResponse(payloadTooLarge(maxBytes)) });
  return async function limitBody(c, next) {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    return limit(c, next);
  };
}
