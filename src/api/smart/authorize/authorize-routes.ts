import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';
import { OAUTH_PATHS } from '../oauth-endpoints';
import type { AuthorizeDeps } from './authorize-deps';
import { AUTHORIZE_FORM_PATHS } from './authorize-pages';
import { consentStep } from './consent-step';
import { patientStep } from './patient-step';
import { signInStep } from './sign-in-step';
import { startAuthorization } from './start-authorization';

/**
 * The App Launch authorization endpoint (GET and `authorize-post`) and the forms of its flow:
 * sign-in, consent, patient picker.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#obtain-authorization-code
 */
export function authorizeRoutes(deps: AuthorizeDeps) {
  const start = startAuthorization(deps);
  return new Hono<AppEnv>()
    .get(OAUTH_PATHS.authorization, start)
    .post(OAUTH_PATHS.authorization, start)
    .post(AUTHORIZE_FORM_PATHS.signIn, signInStep(deps))
    .post(AUTHORIZE_FORM_PATHS.consent, consentStep(deps))
    .post(AUTHORIZE_FORM_PATHS.patient, patientStep(deps));
}
