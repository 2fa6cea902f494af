import type { Patient } from '@medplum/fhirtypes';
import type { Context } from 'hono';
import { parseClause } from '../../../fhir/search/parse';
import { isUuid } from '../../../lib/ids';
import type { AppEnv } from '../../app-env';
import type { AuthorizeDeps } from './authorize-deps';
import { patientPickerPage, signInPage, type PatientChoice } from './authorize-pages';
import { redirectToApp } from './authorization-redirect';
import { loadFlowStep, type FlowStep } from './flow-step';
import { errorPage } from './html-page';
import { issueAuthorizationCode } from './issue-authorization-code';

const PICKER_PAGE_SIZE = 25;

/**
 * `POST /oauth/authorize/patient`: search the practice's clients by name, or pick one; the pick
 * becomes the launch patient (`patient` in the token response, the compartment of `patient/`
 * scopes).
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/scopes-and-launch-context.html#launch-context-arrives-with-your-access_token
 */
export function patientStep(deps: AuthorizeDeps) {
  return async function pickPatient(c: Context<AppEnv>): Promise<Response> {
    const step = await loadFlowStep(c, deps);
    if (step instanceof Response) return step;
    const { form, request, repositories, page, now } = step;
    const user = request.userId ? await repositories.users.findInPractice(request.practiceId, request.userId) : undefined;
    if (!user || !request.consentedAt) return signInPage(page, { message: 'Sign in and allow access first.', status: 400 });
    const chosen = form.get('patient');
    if (!chosen) return showPatientPicker(c, step, form.get('q') ?? '');
    const patient = isUuid(chosen) ? await c.var.repositories.resourcesOf(request.practiceId).read('Patient', chosen) : undefined;
    if (!patient || patient.deleted) return showPatientPicker(c, step, '', 'That client is not in this practice.');
    const code = await issueAuthorizationCode(repositories, request, user, patient.id, now);
    if (!code) return errorPage('This request was already answered.');
    return redirectToApp(request.redirectUri, { code, state: request.state ?? undefined }, deps.endpoints.issuer, true);
  };
}

/** The picker with the practice's clients whose name matches `query` (all of them, first page, when empty). */
export async function showPatientPicker(c: Context<AppEnv>, step: FlowStep, query: string, message?: string): Promise<Response> {
  const trimmed = query.trim().slice(0, 100);
  const clause = trimmed ? parseClause('Patient', 'name', trimmed) : undefined;
  const found = await c.var.repositories.resourcesOf(step.request.practiceId).search('Patient', { clauses: clause ? [clause] : [], count: PICKER_PAGE_SIZE });
  const patients = found.resources.flatMap((stored) => (stored.json ? [choiceOf(JSON.parse(stored.json) as Patient)] : []));
  return patientPickerPage(step.page, patients, trimmed, message);
}

function choiceOf(patient: Patient): PatientChoice {
  const name = patient.name?.[0];
  const text = name?.text ?? [...(name?.given ?? []), name?.family].filter(Boolean).join(' ');
  return { id: patient.id!, name: text || '(no name)', ...(patient.birthDate ? { birthDate: patient.birthDate } : {}) };
}
