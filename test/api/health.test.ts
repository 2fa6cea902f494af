import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { parseConfig } from '../../src/config';
import type { Database } from '../../src/db/database';
import * as schema from '../../src/db/schema';
import { systemClock } from '../../src/lib/clock';
import { recordingLogger } from '../../src/lib/logger';
import { adminHeaders, createTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ ADMIN_TOKEN: TEST_ADMIN_TOKEN, MAX_BODY_BYTES: '1024' });
});
afterAll(() => t.close());

describe('GET /healthz', () => {
  it('answers ok once the database answers', async () => {
    const response = await t.app.request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

describe('an unreachable database', () => {
  const unreachable = postgres('postgres://postgres@127.0.0.1:9/none', { max: 1, connect_timeout: 2 });
  const logger = recordingLogger();
  const app = createApp({
    config: parseConfig({ ADMIN_TOKEN: TEST_ADMIN_TOKEN }),
    clock: systemClock,
    logger,
    database: { forRequest: () => drizzle({ client: unreachable, schema }) as unknown as Database },
  });
  afterAll(() => unreachable.end({ timeout: 1 }));

  it('makes /healthz answer 503', async () => {
    const response = await app.request('/healthz');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'unavailable' });
  });

  it('turns a request into a 503 OperationOutcome without internals', async () => {
    const response = await app.request('/admin/practices', {
      method: 'POST',
      headers: adminHeaders(),
      body: JSON.stringify({ name: 'Offline Practice' }),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toContain('application/fhir+json');
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'transient' }] });
    expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|at .*\.ts/);
    expect(logger.lines.join('\n')).not.toContain('Offline Practice');
  });
});

describe('request bodies over the limit', () => {
  it('are refused with 413 before parsing, and nothing is created', async () => {
    const before = await t.db.$count(schema.practices);
    const response = await t.app.request('/admin/practices', {
      method: 'POST',
      headers: adminHeaders(),
      body: JSON.stringify({ name: 'x'.repeat(2048) }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'too-costly' }] });
    expect(await t.db.$count(schema.practices)).toBe(before);
  });
});

describe('unknown routes', () => {
  it('answer with an OperationOutcome under /fhir and JSON elsewhere', async () => {
    const fhir = await t.app.request('/fhir/Nothing/here/at/all');
    expect(fhir.status).toBe(401);
    expect((await fhir.json()).resourceType).toBe('OperationOutcome');
    const other = await t.app.request('/nowhere');
    expect(other.status).toBe(404);
    expect((await other.json()).error).toBe('not_found');
  });
});
