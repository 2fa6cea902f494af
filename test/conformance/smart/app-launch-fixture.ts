import { FHIR_BASE, registerClient, type SmartTestApp } from './smart-fixture';

/**
 * App Launch helpers: trainers created through the admin API, apps registered as RFC 7591
 * clients, PKCE pairs, and a small browser (cookie jar, form fields read from the HTML) that
 * drives the authorization pages through app.request exactly as a user's browser would.
 */

export const REDIRECT_URI = 'https://trainer-app.example/callback';
const adminJson = { authorization: 'Bearer smart-suite-admin-token', 'content-type': 'application/json' };

export interface Trainer {
  id: string;
  practitionerId: string;
  email: string;
  password: string;
}

export async function createTrainer(t: SmartTestApp, practiceId: string, email = `trainer-${crypto.randomUUID().slice(0, 8)}@movewell.example`): Promise<Trainer> {
  const password = 'a long enough passphrase';
  const response = await t.app.request(`/admin/practices/${practiceId}/users`, {
    method: 'POST',
    headers: adminJson,
    body: JSON.stringify({ email, name: 'Dana Okafor', password }),
  });
  if (response.status !== 201) throw new Error(`trainer not created: ${response.status} ${await response.text()}`);
  const body = await response.json();
  return { id: body.id, practitionerId: body.practitionerId, email, password };
}

export interface RegisteredApp {
  clientId: string;
  clientSecret?: string;
}

/** A public App Launch client unless `metadata` says otherwise. */
export async function registerApp(t: SmartTestApp, practiceId: string, metadata: Record<string, unknown> = {}): Promise<RegisteredApp> {
  const response = await registerClient(t, practiceId, {
    client_name: 'Trainer Console',
    grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: 'none',
    redirect_uris: [REDIRECT_URI],
    scope: 'openid fhirUser launch/patient offline_access patient/*.rs user/*.cruds',
    ...metadata,
  });
  if (response.status !== 201) throw new Error(`app not registered: ${response.status} ${await response.text()}`);
  const body = await response.json();
  return { clientId: body.client_id, ...(body.client_secret ? { clientSecret: body.client_secret } : {}) };
}

export async function pkcePair(): Promise<{ verifier: string; challenge: string }> {
  const verifier = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
  const challenge = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))).toString('base64url');
  return { verifier, challenge };
}

/** A browser: keeps cookies per name, sends them back, reads the flow's form fields. */
export class Browser {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly t: SmartTestApp,
    readonly address = '198.51.100.7',
  ) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await this.t.app.request(path, { ...init, headers }, { incoming: { socket: { remoteAddress: this.address } } });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = pair!.split('=');
      this.cookies.set(name!, value!);
    }
    return response;
  }

  postForm(path: string, fields: Record<string, string>): Promise<Response> {
    return this.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  }
}

/** The hidden fields that bind a page's forms to its authorization request. */
export function flowFields(html: string): { request: string; binding: string } {
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1];
  const request = field('request');
  const binding = field('binding');
  if (!request || !binding) throw new Error('no flow fields on the page');
  return { request, binding };
}

export interface AuthorizeParameters {
  clientId: string;
  challenge: string;
  scope?: string;
  state?: string;
  [name: string]: string | undefined;
}

export function authorizeQuery(parameters: AuthorizeParameters): URLSearchParams {
  const { clientId, challenge, scope, state, ...rest } = parameters;
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT_URI,
    scope: scope ?? 'openid fhirUser user/*.rs',
    state: state ?? crypto.randomUUID(),
    aud: FHIR_BASE,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  for (const [name, value] of Object.entries(rest)) {
    if (value === undefined) query.delete(name);
    else query.set(name, value);
  }
  return query;
}

/** Where a redirect sends the browser, as URL search parameters (only for redirects to the app). */
export function redirectParameters(response: Response): URLSearchParams {
  const location = response.headers.get('location');
  if (!location || !location.startsWith(REDIRECT_URI)) throw new Error(`not a redirect to the app: ${response.status} ${location}`);
  return new URL(location).searchParams;
}

export interface LaunchOptions {
  app: RegisteredApp;
  trainer: Trainer;
  scope?: string;
  /** The Patient to pick when the picker appears. */
  patientId?: string;
  nonce?: string;
  browser?: Browser;
}

/** Runs the whole flow (authorize, sign in, allow, pick) and returns the code, the state sent and the PKCE verifier. */
export async function launch(t: SmartTestApp, options: LaunchOptions): Promise<{ code: string; state: string; verifier: string; redirect: URLSearchParams }> {
  const browser = options.browser ?? new Browser(t);
  const { verifier, challenge } = await pkcePair();
  const state = crypto.randomUUID();
  const query = authorizeQuery({ clientId: options.app.clientId, challenge, state, ...(options.scope ? { scope: options.scope } : {}), ...(options.nonce ? { nonce: options.nonce } : {}) });
  const signInPage = await browser.request(`/oauth/authorize?${query}`);
  if (signInPage.status !== 200) throw new Error(`no sign-in page: ${signInPage.status} ${signInPage.headers.get('location')}`);
  const fields = flowFields(await signInPage.text());
  const consent = await browser.postForm('/oauth/authorize/sign-in', { ...fields, email: options.trainer.email, password: options.trainer.password });
  if (consent.status !== 200) throw new Error(`sign-in failed: ${consent.status}`);
  let answer = await browser.postForm('/oauth/authorize/consent', { ...fields, decision: 'allow' });
  if (answer.status === 200) {
    if (!options.patientId) throw new Error('the patient picker appeared but no patient was given');
    answer = await browser.postForm('/oauth/authorize/patient', { ...fields, patient: options.patientId });
  }
  const redirect = redirectParameters(answer);
  return { code: redirect.get('code')!, state, verifier, redirect };
}

/** A token request for an authorization code, as a public client (or with Basic credentials). */
export async function exchangeCode(
  t: SmartTestApp,
  parameters: { code: string; verifier?: string; clientId: string; redirectUri?: string; basic?: string },
): Promise<Response> {
  const form: Record<string, string> = { grant_type: 'authorization_code', code: parameters.code, redirect_uri: parameters.redirectUri ?? REDIRECT_URI };
  if (parameters.verifier !== undefined) form.code_verifier = parameters.verifier;
  if (!parameters.basic) form.client_id = parameters.clientId;
  return t.app.request('/oauth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(parameters.basic ? { authorization: `Basic ${parameters.basic}` } : {}) },
    body: new URLSearchParams(form).toString(),
  });
}

export function basicCredentials(clientId: string, secret: string): string {
  return Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64');
}

export async function refresh(t: SmartTestApp, clientId: string, refreshToken: string, extra: Record<string, string> = {}): Promise<Response> {
  return t.app.request('/oauth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId, ...extra }).toString(),
  });
}
