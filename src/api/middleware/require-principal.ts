import type { MiddlewareHandler } from 'hono';
import { FhirError } from '../../fhir/outcome';
import type { AppEnv } from '../app-env';
import type { Authenticator } from '../auth/principal';

/**
 * Every FHIR and practice-API request must carry valid credentials; the principal they establish
 * is the only source of the request's practice.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */
export function requirePrincipal(authenticator: Authenticator): MiddlewareHandler<AppEnv> {
  return async function authenticateRequest(c, next) {
    const principal = await authenticator.authenticate(c.req.raw);
    if (!principal) {
      const hasToken = Boolean(c.req.header('authorization'));
      throw new FhirError(
        401,
        [
          {
            code: 'login',
            diagnostics: hasToken
              ? 'The bearer token is invalid, expired or revoked.'
              : 'This request needs an access token: Authorization: Bearer <token>.',
          },
        ],
        { 'WWW-Authenticate': hasToken ? 'Bearer error="invalid_token"' : 'Bearer' },
      );
    }
    c.set('principal', principal);
    await next();
  };
}
