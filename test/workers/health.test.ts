import { exports } from 'cloudflare:workers';
import { createScheduledController } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import worker from '../../src/index';

describe('the Worker on workerd', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('answers /healthz with 200 once PostgreSQL answers through Hyperdrive', async () => {
    const response = await exports.default.fetch('http://metbridge.test/healthz');

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('logs one line, and nothing else, when the outbox cron trigger fires', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});

    await worker.scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }));

    expect(log.mock.calls).toEqual([[expect.stringContaining('"event":"outbox.dispatch.skipped"')]]);
  });
});
