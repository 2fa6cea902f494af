import { Hono } from 'hono';
import { requireAdminToken } from '../../admin/require-admin-token';
import type { AppEnv } from '../../app-env';
import { OAUTH_PATHS } from '../oauth-endpoints';
import { registerClientHandler, type RegistrationDeps } from './register-client';

/**
 * Client registration, for operators only (the ADMIN_TOKEN is the RFC 7591 §3 initial access
 * token): `POST /admin/practices/{id}/clients`, and the advertised `registration_endpoint`
 * `POST /oauth/register`, where the practice is the `practice_id` member of the metadata.
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3
 */
export function clientRegistrationRoutes(adminToken: string, deps: RegistrationDeps) {
  const checkAdminToken = requireAdminToken(adminToken);
  return new Hono<AppEnv>()
    .post('/admin/practices/:id/clients', checkAdminToken, registerClientHandler(deps, 'path'))
    .post(OAUTH_PATHS.registration, checkAdminToken, registerClientHandler(deps, 'body'));
}
