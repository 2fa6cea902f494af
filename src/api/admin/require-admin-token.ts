import type { MiddlewareHandler } from 'hono';
import { secretsMatch } from '../../lib/constant-time';
import { ApiError } from '../api-error';

/**
 * Admin bootstrap routes need `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export function requireAdminToken(adminToken: string): MiddlewareHandler {
  if (!adminToken) throw new Error('requireAdminToken needs a non-empty token');
  return async function checkAdminToken(c, next) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    if (!match || !(await secretsMatch(match[1]!, adminToken))) {
      throw new ApiError(
        401,
        { error: 'unauthorized', message: 'The admin API needs Authorization: Bearer <ADMIN_TOKEN>.' },
        { 'WWW-Authenticate': 'Bearer realm="metbridge-admin"' },
      );
    }
    await next();
  };
}
