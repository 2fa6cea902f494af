import type { SmartScope } from '../../auth/smart-scopes';
import { escapeHtml, htmlPage } from './html-page';
import { describeScope } from './scope-descriptions';

/** Form paths of the flow, below the authorization endpoint. */
export const AUTHORIZE_FORM_PATHS = {
  signIn: '/oauth/authorize/sign-in',
  consent: '/oauth/authorize/consent',
  patient: '/oauth/authorize/patient',
} as const;

/** What every page of one flow carries: the request it belongs to and the browser-binding token. */
export interface FlowPage {
  requestId: string;
  binding: string;
  appName: string;
  practiceName: string;
  /** Origin of the app's redirect URI: the only cross-origin target a form may be redirected to. */
  redirectOrigin: string;
  headers?: Record<string, string>;
}

function hiddenFields(page: FlowPage): string {
  return `<input type="hidden" name="request" value="${escapeHtml(page.requestId)}"><input type="hidden" name="binding" value="${escapeHtml(page.binding)}">`;
}

function problem(message: string | undefined): string {
  return message ? `<p class="problem" role="alert">${escapeHtml(message)}</p>` : '';
}

/** The trainer's sign-in form. */
export function signInPage(page: FlowPage, options: { message?: string; email?: string; status?: number } = {}): Response {
  const body = `<h1>Sign in to MetBridge</h1>
<p><strong>${escapeHtml(page.appName)}</strong> asks to connect to <strong>${escapeHtml(page.practiceName)}</strong>.</p>${problem(options.message)}
<form method="post" action="${AUTHORIZE_FORM_PATHS.signIn}">${hiddenFields(page)}
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(options.email ?? '')}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>`;
  return htmlPage('Sign in', body, { status: options.status ?? 200, formTargets: [page.redirectOrigin], ...(page.headers ? { headers: page.headers } : {}) });
}

/** The consent screen: every scope in plain words, allow or deny. */
export function consentPage(page: FlowPage, scopes: readonly SmartScope[], userName: string): Response {
  const items = scopes.map((scope) => `<li>${escapeHtml(describeScope(scope))}</li>`).join('');
  const body = `<h1>Allow ${escapeHtml(page.appName)}?</h1>
<p>Signed in as ${escapeHtml(userName)} (${escapeHtml(page.practiceName)}). The app asks to:</p><ul>${items}</ul>
<form method="post" action="${AUTHORIZE_FORM_PATHS.consent}">${hiddenFields(page)}
<button type="submit" name="decision" value="allow">Allow</button><button type="submit" name="decision" value="deny">Deny</button></form>`;
  return htmlPage('Allow access', body, { formTargets: [page.redirectOrigin] });
}

export interface PatientChoice {
  id: string;
  name: string;
  birthDate?: string;
}

/** The patient picker: the practice's clients, searchable by name. */
export function patientPickerPage(page: FlowPage, patients: readonly PatientChoice[], query: string, message?: string): Response {
  const choices = patients.length
    ? `<ul>${patients
        .map(
          (patient) =>
            `<li><button type="submit" name="patient" value="${escapeHtml(patient.id)}">${escapeHtml(patient.name)}</button>${patient.birthDate ? ` born ${escapeHtml(patient.birthDate)}` : ''}</li>`,
        )
        .join('')}</ul>`
    : '<p>No client matches.</p>';
  const body = `<h1>Choose a client</h1><p>${escapeHtml(page.appName)} will work with the client you choose.</p>${problem(message)}
<form method="post" action="${AUTHORIZE_FORM_PATHS.patient}">${hiddenFields(page)}
<label for="q">Search by name</label><input id="q" name="q" type="search" value="${escapeHtml(query)}"><button type="submit" name="search" value="1">Search</button>
${choices}</form>`;
  return htmlPage('Choose a client', body, { formTargets: [page.redirectOrigin] });
}
