import { env, exports } from 'cloudflare:workers';
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import worker, { type WorkerEnv } from '../../src/index';

describe('the Worker on workerd', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('answers /healthz with 200 once PostgreSQL answers through Hyperdrive', async () => {
    const response = await exports.default.fetch('http://metbridge.test/healthz');

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('runs the Direct jobs (inbound, outbox, timeout sweep) and the subscription jobs (heartbeats, notifications) when the cron trigger fires, without an error', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const ctx = createExecutionContext();

    await worker.scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }), env as unknown as WorkerEnv, ctx);
    await waitOnExecutionContext(ctx);

    expect(error).not.toHaveBeenCalled();
  });
});
