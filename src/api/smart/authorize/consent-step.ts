import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import type { AuthorizeDeps } from './authorize-deps';
import { signInPage } from './authorize-pages';
import { redirectError, redirectToApp } from './authorization-redirect';
import { loadFlowStep } from './flow-step';
import { errorPage } from './html-page';
import { issueAuthorizationCode } from './issue-authorization-code';
import { showPatientPicker } from './patient-step';

/**
 * `POST /oauth/authorize/consent`: deny → `access_denied` at the app; allow → the patient picker
 * when the app needs a patient, else the code.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#obtain-authorization-code
 */
export function consentStep(deps: AuthorizeDeps) {
  return async function consent(c: Context<AppEnv>): Promise<Response> {
    const step = await loadFlowStep(c, deps);
    if (step instanceof Response) return step;
    const { form, request, repositories, page, now } = step;
    const user = request.userId ? await repositories.users.findInPractice(request.practiceId, request.userId) : undefined;
    if (!user) return signInPage(page, { message: 'Sign in first.', status: 400 });
    const decision = form.get('decision');
    const issuer = deps.endpoints.issuer;
    if (decision === 'deny') {
      if (!(await repositories.authorizationRequests.complete(request.id))) return errorPage('This request was already answered.');
      return redirectError(request, 'access_denied', 'The user denied the authorization request.', issuer, true);
    }
    if (decision !== 'allow') return errorPage('Choose Allow or Deny.');
    if (request.needsPatient) {
      await repositories.authorizationRequests.setConsented(request.id, now);
      return showPatientPicker(c, step, '');
    }
    const code = await issueAuthorizationCode(repositories, request, user, undefined, now);
    if (!code) return errorPage('This request was already answered.');
    return redirectToApp(request.redirectUri, { code, state: request.state ?? undefined }, issuer, true);
  };
}
