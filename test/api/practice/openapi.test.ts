import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRACTICE_ROUTES } from '../../../src/api/practice/practice-routes';
import { createPracticeTestKit, type PracticeTestKit } from './practice-test-kit';

let kit: PracticeTestKit;
let document: any;

beforeAll(async () => {
  kit = await createPracticeTestKit();
  const response = await kit.t.app.request('/api/v1/openapi.json');
  expect(response.status).toBe(200);
  document = await response.json();
});
afterAll(() => kit.close());

describe('GET /api/v1/openapi.json', () => {
  it('is a public OpenAPI 3.1 document served at PUBLIC_URL', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: 'http://localhost:8787/api/v1' }]);
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.paths['/openapi.json'].get.security).toEqual([]);
  });

  it('describes every route the API serves, and nothing else', () => {
    const documented = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations as object).map((method) => `${method} ${path}`));
    const served = PRACTICE_ROUTES.map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(documented.sort()).toEqual([...served, 'get /openapi.json'].sort());
    expect(served).toEqual(
      expect.arrayContaining([
        'post /clients',
        'get /clients',
        'get /clients/{id}',
        ...['diagnoses', 'assessments', 'sessions', 'goals'].flatMap((family) => [`post /clients/{id}/${family}`, `get /clients/{id}/${family}`]),
      ]),
    );
  });

  it('takes its request schemas from the validating zod schemas', () => {
    const assessment = document.paths['/clients/{id}/assessments'].post;
    const body = assessment.requestBody.content['application/json'].schema;
    expect(body).toMatchObject({ type: 'object', additionalProperties: false, required: ['type', 'performedAt'] });
    expect(Object.keys(body.properties)).toEqual(['type', 'value', 'components', 'unit', 'performedAt', 'note']);
    expect(assessment.responses['201'].content['application/json'].schema.properties.id).toMatchObject({ type: 'string', format: 'uuid' });
    expect(assessment.responses['422']).toEqual({ $ref: '#/components/responses/Error422' });
    expect(assessment.responses['401']).toEqual({ $ref: '#/components/responses/Error401' });
    expect(assessment['x-fhir-access']).toContainEqual({ resourceType: 'Goal', interaction: 'update' });

    const session = document.paths['/clients/{id}/sessions'].post.requestBody.content['application/json'].schema;
    expect(session.properties.exercises.items.properties.load.properties.unit.enum).toEqual(['kg', '[lb_av]']);
    const list = document.paths['/clients'].get;
    expect(list.parameters.map((parameter: { name: string; in: string }) => `${parameter.in}:${parameter.name}`)).toEqual(['query:name', 'query:limit', 'query:cursor']);
    expect(document.paths['/clients/{id}'].get.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })]);
  });

  it('leaves every other practice route behind the bearer token', async () => {
    for (const route of PRACTICE_ROUTES) {
      const path = `/api/v1${route.path.replace(':id', crypto.randomUUID())}`;
      const response = await kit.t.app.request(path, { method: route.method.toUpperCase(), headers: { 'content-type': 'application/json' }, body: route.method === 'post' ? '{}' : undefined });
      expect(response.status, `${route.method} ${route.path}`).toBe(401);
    }
  });
});
