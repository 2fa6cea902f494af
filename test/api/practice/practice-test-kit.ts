import { trainerToPractitioner } from '../../../src/fhir/mappers/practitioner';
import type { Clock } from '../../../src/lib/clock';
import { systemClock } from '../../../src/lib/clock';
import { createTestPractice } from '../../support/practices';
import { createTestApp, type TestApp } from '../../support/test-app';

/**
 * A practice with a signed-in trainer, and a second practice to prove tenancy, over the real app:
 * the practice API and the FHIR API side by side.
 */

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: any;
}

export interface PracticeTestKit {
  t: TestApp;
  practiceId: string;
  practitionerId: string;
  /** Bearer token and JSON content type of the practice's trainer. */
  headers: Record<string, string>;
  /** The same for a trainer of another practice. */
  otherPracticeHeaders: Record<string, string>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<JsonResponse>;
  get(path: string, headers?: Record<string, string>): Promise<JsonResponse>;
  /** GET on the FHIR API as the same trainer: the parsed resource or Bundle, loosely typed for assertions. */
  fhir(path: string): Promise<any>;
  /** Every resource of a FHIR search, all pages. */
  fhirSearch(query: string): Promise<any[]>;
  createClient(overrides?: Record<string, unknown>): Promise<{ id: string } & Record<string, unknown>>;
  close(): Promise<void>;
}

async function trainerHeaders(t: TestApp, practiceId: string, name: string): Promise<{ headers: Record<string, string>; practitionerId: string }> {
  const { resource } = await t.repositories
    .resourcesOf(practiceId)
    .create(trainerToPractitioner({ name, email: `${name.split(' ')[0]!.toLowerCase()}@practice.example` }));
  const auth = t.authorize({ practiceId, actor: { kind: 'user', userId: crypto.randomUUID(), practitionerId: resource.id }, scopes: ['user/*.cruds'] });
  return { headers: { ...auth, 'content-type': 'application/json' }, practitionerId: resource.id };
}

export async function createPracticeTestKit(clock: Clock = systemClock): Promise<PracticeTestKit> {
  const t = await createTestApp(undefined, clock);
  const practiceId = await createTestPractice(t.repositories, 'Stride Medical Exercise');
  const otherPracticeId = await createTestPractice(t.repositories, 'Elsewhere Fitness');
  const trainer = await trainerHeaders(t, practiceId, 'Dana Okafor');
  const other = await trainerHeaders(t, otherPracticeId, 'Sam Other');
  const json = async (response: Response): Promise<JsonResponse> => ({
    status: response.status,
    headers: response.headers,
    body: await response.json().catch(() => undefined),
  });
  const kit: PracticeTestKit = {
    t,
    practiceId,
    practitionerId: trainer.practitionerId,
    headers: trainer.headers,
    otherPracticeHeaders: other.headers,
    post: async (path, body, headers = trainer.headers) =>
      json(await t.app.request(`/api/v1${path}`, { method: 'POST', headers, body: JSON.stringify(body) })),
    get: async (path, headers = trainer.headers) => json(await t.app.request(`/api/v1${path}`, { headers })),
    async fhir(path) {
      const response = await t.app.request(`/fhir/${path}`, { headers: { authorization: trainer.headers.authorization! } });
      if (response.status !== 200) throw new Error(`GET /fhir/${path} answered ${response.status}`);
      return response.json();
    },
    async fhirSearch(query) {
      const found: any[] = [];
      let next: string | undefined = `/fhir/${query}${query.includes('?') ? '&' : '?'}_count=500`;
      while (next) {
        const response = await t.app.request(next, { headers: { authorization: trainer.headers.authorization! } });
        const bundle = await response.json();
        found.push(...(bundle.entry ?? []).map((entry: { resource: unknown }) => entry.resource));
        const link = bundle.link?.find((candidate: { relation: string }) => candidate.relation === 'next')?.url as string | undefined;
        next = link ? link.replace(/^https?:\/\/[^/]+/, '') : undefined;
      }
      return found;
    },
    async createClient(overrides = {}) {
      const created = await kit.post('/clients', { firstName: 'Ana', lastName: 'Rivera', birthDate: '1958-04-12', gender: 'female', ...overrides });
      if (created.status !== 201) throw new Error(`client not created: ${JSON.stringify(created.body)}`);
      return created.body;
    },
    close: () => t.close(),
  };
  return kit;
}

/** The fields of an error body, as `field` names. */
export function fieldNames(body: { fields?: { field: string }[] }): string[] {
  return (body.fields ?? []).map((problem) => problem.field).sort();
}
