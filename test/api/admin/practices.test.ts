import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../../src/db/schema/audit-events';
import { practices } from '../../../src/db/schema/practices';
import { adminHeaders, createTestApp, type TestApp } from '../../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const postPractice = (body: unknown, headers = adminHeaders()) =>
  t.app.request('/admin/practices', { method: 'POST', headers, body: JSON.stringify(body) });

describe('POST /admin/practices', () => {
  it('creates a practice and its FHIR Organization', async () => {
    const response = await postPractice({
      name: 'Move Well Medical Exercise',
      npi: '1234567893',
      directAddress: 'intake@direct.movewell.example',
    });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ name: 'Move Well Medical Exercise', npi: '1234567893' });
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);

    const organization = await t.repositories.resourcesOf(body.id).read('Organization', body.organizationId);
    expect(JSON.parse(organization!.json!)).toMatchObject({
      resourceType: 'Organization',
      id: body.organizationId,
      name: 'Move Well Medical Exercise',
      identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' }],
      telecom: [{ system: 'email', value: 'intake@direct.movewell.example' }],
      meta: { versionId: '1' },
    });
  });

  it('records an audit event for the creation', async () => {
    const body = await (await postPractice({ name: 'Audited Practice' })).json();
    const events = await t.db.select().from(auditEvents).where(eq(auditEvents.practiceId, body.id));
    expect(events).toMatchObject([{ kind: 'practice.create', action: 'C', agent: 'admin', outcome: '0' }]);
  });

  it('lists every invalid field at once and creates nothing', async () => {
    const before = await t.db.$count(practices);
    const response = await postPractice({ npi: '1234567890', directAddress: 'not-an-address', color: 'blue' });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error).toBe('invalid_request');
    expect(body.fields.map((field: { field: string }) => field.field).sort()).toEqual([
      'color',
      'directAddress',
      'name',
      'npi',
    ]);
    expect(await t.db.$count(practices)).toBe(before);
  });

  it('answers malformed JSON with 400 and another media type with 415', async () => {
    const malformed = await t.app.request('/admin/practices', { method: 'POST', headers: adminHeaders(), body: '{"name":' });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toBe('invalid_json');

    const form = await t.app.request('/admin/practices', {
      method: 'POST',
      headers: { ...adminHeaders(), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=x',
    });
    expect(form.status).toBe(415);
  });
});

describe('admin authentication', () => {
  it('refuses a request without a bearer token', async () => {
    const response = await t.app.request('/admin/practices', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Nope' }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('refuses a wrong token, a token prefix and a longer token', async () => {
    for (const token of ['wrong-token', 'test-admin-token', 'test-admin-token-0123456789x']) {
      expect((await postPractice({ name: 'Nope' }, adminHeaders(token))).status).toBe(401);
    }
  });

  it('refuses before reading the body, so nothing is created', async () => {
    const before = await t.db.$count(practices);
    await postPractice({ name: 'Sneaky' }, adminHeaders('wrong-token'));
    expect(await t.db.$count(practices)).toBe(before);
  });
});

describe('without ADMIN_TOKEN', () => {
  it('has no admin routes at all', async () => {
    const bare = await createTestApp({});
    try {
      const response = await bare.app.request('/admin/practices', {
        method: 'POST',
        headers: adminHeaders(),
        body: JSON.stringify({ name: 'Nope' }),
      });
      expect(response.status).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
