import { env } from 'cloudflare:workers';
import { createExecutionContext } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import worker, { type WorkerEnv } from '../../src/index';

/** Calls the Worker's fetch handler directly, with bindings of the test's choosing. */
function healthzWith(bindings: WorkerEnv): Promise<Response> {
  return worker.fetch(new Request('http://metbridge.test/healthz'), bindings, createExecutionContext());
}

describe('a Worker with bad bindings', () => {
  let logError: MockInstance<typeof console.error>;

  beforeEach(() => {
    logError = vi.spyOn(console, 'error').mockImplementation(() => {});
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('answers 500 with an OperationOutcome naming the invalid variable', async () => {
    const response = await healthzWith({ ...env, PUBLIC_URL: 'not a url' });

    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toContain('application/fhir+json');
    expect(await response.json()).toEqual({
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: 'exception',
          diagnostics: 'invalid configuration: PUBLIC_URL="not a url": expected an absolute http(s) URL',
        },
      ],
    });
  });

  it('parses the bindings once, and logs the problem once, however many requests come', async () => {
    const bindings = { ...env, MAX_BODY_BYTES: 'lots' };

    const statuses = await Promise.all([1, 2, 3].map(async () => (await healthzWith(bindings)).status));

    expect(statuses).toEqual([500, 500, 500]);
    expect(logError).toHaveBeenCalledTimes(1);
    expect(logError.mock.calls[0]?.[0]).toContain('"event":"worker.config.invalid"');
  });

  it('never echoes the value of a secret variable', async () => {
    const response = await healthzWith({ ...env, DATABASE_URL: 'mysql://admin:hunter2@db.internal/metbridge' });

    const body = await response.text();
    expect(response.status).toBe(500);
    expect(body).toContain('DATABASE_URL');
    expect(body).not.toContain('hunter2');
    expect(JSON.stringify(logError.mock.calls)).not.toContain('hunter2');
  });

  it('names the Hyperdrive binding when it is missing', async () => {
    const { HYPERDRIVE: _absent, ...withoutHyperdrive } = env;

    const response = await healthzWith(withoutHyperdrive);

    expect(response.status).toBe(500);
    expect(await response.text()).toContain('HYPERDRIVE: expected a Hyperdrive binding');
  });
});
