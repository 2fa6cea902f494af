import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { isDatabaseUnavailable } from '../db/errors';
import { StoreError } from '../db/resource-store/types';
import { FhirError, internalError, payloadTooLarge, serviceUnavailable } from '../fhir/outcome';
import type { Logger } from '../lib/logger';
import { ApiError } from './api-error';
import { storeErrorToFhir } from './store-errors';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/**
 * The app's one `onError`: renders known errors, maps an unreachable database to 503, and
 * answers anything else with a bare 500 — never a stack trace or message on the wire.
 */
export function createErrorHandler(logger: Logger, maxBodyBytes: number) {
  return function renderError(error: Error, c: Context): Response {
    if (error instanceof ApiError) return c.json(error.body, error.status, error.headers);
    if (error instanceof FhirError) return fhirErrorResponse(error);
    if (error instanceof StoreError) return fhirErrorResponse(storeErrorToFhir(error));
    if (error instanceof HTTPException && error.status === 413) return fhirErrorResponse(payloadTooLarge(maxBodyBytes));
    if (error instanceof HTTPException && error.status < 500) return error.getResponse();
    if (isDatabaseUnavailable(error)) {
      logger.error('database.unavailable', { method: c.req.method, path: routePath(c) });
      return fhirErrorResponse(serviceUnavailable());
    }
    logger.error('request.failed', { method: c.req.method, path: routePath(c), error: error.name });
    return fhirErrorResponse(internalError());
  };
}

export function fhirErrorResponse(error: FhirError): Response {
  return new Response(JSON.stringify(error.outcome), {
    status: error.status,
    headers: { 'content-type': FHIR_JSON, ...error.headers },
  });
}

/** The matched route pattern (`/fhir/:type/:id`), not the URL: ids only, never query values. */
function routePath(c: Context): string {
  return c.req.routePath || '(unmatched)';
}
