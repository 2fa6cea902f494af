import type { Context } from 'hono';
import { hashPassword, verifyPassword } from '../../../lib/password-hash';
import type { AppEnv } from '../../app-env';
import { parseScopeList } from '../../auth/smart-scopes';
import type { AuthorizeDeps } from './authorize-deps';
import { consentPage, signInPage } from './authorize-pages';
import { clientAddress } from './client-address';
import { loadFlowStep } from './flow-step';
import { SignInThrottle } from './sign-in-throttle';

/** The one answer to a wrong password and to an unknown email alike. */
export const SIGN_IN_FAILED = 'The email or password is not right.';

/**
 * A hash of a random password with the production work factor, verified against when the email
 * is unknown, so an unknown account costs the same time as a wrong password.
 */
let decoyHash: Promise<string> | undefined;
const decoy = () => (decoyHash ??= hashPassword(crypto.randomUUID()));

/**
 * `POST /oauth/authorize/sign-in`: the trainer's email and password against the users table,
 * throttled per account and per address; on success the consent screen. The trainer must belong
 * to the app's practice.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#obtain-authorization-code
 * @see https://pages.nist.gov/800-63-4/sp800-63b.html#throttle
 */
export function signInStep(deps: AuthorizeDeps) {
  return async function signIn(c: Context<AppEnv>): Promise<Response> {
    const step = await loadFlowStep(c, deps);
    if (step instanceof Response) return step;
    const { form, request, repositories, page, now } = step;
    const email = (form.get('email') ?? '').trim().slice(0, 320);
    const password = (form.get('password') ?? '').slice(0, 256);
    if (!email || !password) return signInPage(page, { message: 'Enter your email and password.', email, status: 400 });

    const throttle = new SignInThrottle(repositories.signInAttempts);
    const admission = await throttle.admit(email, clientAddress(c), now);
    if (!admission.admitted) {
      const seconds = admission.retryAfterSeconds;
      const wait = seconds >= 120 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} second${seconds === 1 ? '' : 's'}`;
      return signInPage(
        { ...page, headers: { 'Retry-After': String(admission.retryAfterSeconds) } },
        { message: `Too many failed sign-ins. Try again in ${wait}.`, email, status: 429 },
      );
    }
    const user = await repositories.users.findByEmail(email);
    const passwordMatches = user ? await verifyPassword(password, user.passwordHash) : (await verifyPassword(password, await decoy())) && false;
    if (!user || !passwordMatches) {
      await throttle.failed(admission, now);
      return signInPage(page, { message: SIGN_IN_FAILED, email, status: 401 });
    }
    await throttle.succeeded(admission);
    if (user.practiceId !== request.practiceId) {
      return signInPage(page, { message: `Your account does not belong to ${page.practiceName}, so it cannot authorize this app.`, email, status: 403 });
    }
    await repositories.authorizationRequests.setUser(request.id, user.id);
    return consentPage(page, parseScopeList(request.scope).scopes, user.name);
  };
}
