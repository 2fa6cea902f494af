import { createRepositories } from '../../../src/db/repositories';
import { referralBundle, referredPatient } from '../../api/referrals/referral-test-kit';
import { createTrainer, exchangeCode, launch, registerApp } from '../smart/app-launch-fixture';
import { clientKey, createPractice, createSmartTestApp, obtainToken, registerBackendClient, type SmartTestApp } from '../smart/smart-fixture';

/**
 * The PA IG Full Service Provider suite's world, built only through the service's own front
 * doors: the real app with real token authentication; a practice created by the admin API; the
 * referring physician's EHR registered as a SMART Backend Services client (JWKS, signed client
 * assertion exchanged at the token endpoint); a trainer who signs in through the App Launch
 * pages and gets a user token. Everything afterwards goes over HTTP through `app.request`.
 */

/** What the EHR asks for: what a Care Manager needs to refer and to follow the referral. */
export const EHR_SCOPE = [
  'system/Patient.crs',
  'system/Practitioner.crs',
  'system/Condition.crs',
  'system/ServiceRequest.crs',
  'system/Task.crus',
  'system/DiagnosticReport.rs',
  'system/Observation.rs',
].join(' ');

export const FHIR_JSON = 'application/fhir+json';
export const PA_CATEGORY = { system: 'http://hl7.org/fhir/us/physical-activity/CodeSystem/pa-temporary-codes', code: 'PhysicalActivity' };

export interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

export interface PaWorld {
  t: SmartTestApp;
  practice: { id: string; organizationId: string };
  /** The trainer's Practitioner id. */
  practitionerId: string;
  /** A FHIR request as the referring EHR (Backend Services token). */
  ehr(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer>;
  /** A practice API request (`/api/v1…`) as the trainer (App Launch user token). */
  trainer(method: string, path: string, body?: unknown): Promise<Answer>;
  /** A FHIR request as the trainer. */
  trainerFhir(method: string, path: string, body?: unknown): Promise<Answer>;
  /** Posts the PA IG referral transaction as the EHR; returns what it created. */
  refer(options?: { patient?: Record<string, unknown>; task?: Record<string, unknown> }): Promise<ReferralIds>;
  close(): Promise<void>;
}

export interface ReferralIds {
  taskId: string;
  serviceRequestId: string;
  patientId: string;
  practitionerId: string;
  conditionId: string;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: response.status, headers: response.headers, body };
}

/** A fresh practice in `t` with its EHR client and trainer, both holding real tokens. */
export async function openPaWorld(t?: SmartTestApp, name = 'Stride Medical Exercise'): Promise<PaWorld> {
  const app = t ?? (await createSmartTestApp());
  const practice = await createPractice(app, name);
  const key = await clientKey('ES384');
  const clientId = await registerBackendClient(app, practice.id, [key], { scope: EHR_SCOPE });
  const ehrToken = (await obtainToken(app, clientId, key, EHR_SCOPE)).access_token;

  const trainer = await createTrainer(app, practice.id);
  const trainerApp = await registerApp(app, practice.id);
  const { code, verifier } = await launch(app, { app: trainerApp, trainer, scope: 'openid fhirUser user/*.cruds' });
  const exchanged = await exchangeCode(app, { code, verifier, clientId: trainerApp.clientId });
  if (exchanged.status !== 200) throw new Error(`trainer token refused: ${exchanged.status} ${await exchanged.text()}`);
  const trainerToken = (await exchanged.json()).access_token as string;

  const request = (token: string, prefix: string, contentType: string) => async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    answer(
      await app.app.request(path ? `${prefix}${path}` : prefix.replace(/\/$/, ''), {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': contentType }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
  const ehr = request(ehrToken, '/fhir/', FHIR_JSON);
  return {
    t: app,
    practice,
    practitionerId: trainer.practitionerId,
    ehr,
    trainer: request(trainerToken, '/api/v1', 'application/json'),
    trainerFhir: request(trainerToken, '/fhir/', FHIR_JSON),
    async refer(options = {}) {
      const bundle = referralBundle(practice.organizationId, {
        patient: options.patient ?? referredPatient({ identifier: [{ system: 'urn:oid:2.16.840.1.113883.19.5', value: `MRN-${crypto.randomUUID().slice(0, 8)}` }] }),
        ...(options.task ? { task: options.task } : {}),
      });
      const response = await ehr('POST', '', bundle);
      if (response.status !== 200) throw new Error(`referral refused: ${response.status} ${JSON.stringify(response.body)}`);
      const idAt = (index: number) => /\/([^/]+)\/([^/]+)$/.exec(response.body.entry[index].fullUrl)![2]!;
      return { patientId: idAt(0), practitionerId: idAt(1), conditionId: idAt(2), serviceRequestId: idAt(3), taskId: idAt(4) };
    },
    close: () => (t ? Promise.resolve() : app.close()),
  };
}

/** The store of a practice, for assertions on what was (not) written. */
export function storeOf(world: PaWorld) {
  return createRepositories(world.t.db, world.t.clock).resourcesOf(world.practice.id);
}

/** The resources of a searchset Bundle by search mode. */
export function entriesOf(bundle: any, mode: 'match' | 'include'): any[] {
  return (bundle.entry ?? []).filter((entry: any) => entry.search?.mode === mode).map((entry: any) => entry.resource);
}

/** The calendar day `days` from the clock's today, as `YYYY-MM-DD`. */
export function dayFrom(t: SmartTestApp, days: number): string {
  return new Date(t.clock.now().getTime() + days * 86_400_000).toISOString().slice(0, 10);
}
