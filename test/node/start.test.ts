import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runNodeEntry, startNodeServer, waitForHealthy } from '../support/node-process';

const ADMIN_TOKEN = 'node-entry-admin-token';
let dataDir: string | undefined;

afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the Node entry (npm start)', () => {
  it('serves /healthz on the embedded database, and what it stored survives a restart', { timeout: 90_000 }, async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'metbridge-data-'));
    const port = String(20_000 + Math.floor(Math.random() * 20_000));
    const env = { PORT: port, DATA_DIR: join(dataDir, 'nested', 'db'), ADMIN_TOKEN };
    const base = `http://127.0.0.1:${port}`;
    const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };

    const first = startNodeServer(env);
    await waitForHealthy(`${base}/healthz`);
    const created = await fetch(`${base}/admin/practices`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Persistent Practice' }),
    });
    expect(created.status).toBe(201);
    const practice = await created.json();
    expect(await first.stop('SIGTERM')).toBe(0);

    const second = startNodeServer(env);
    try {
      await waitForHealthy(`${base}/healthz`);
      const user = await fetch(`${base}/admin/practices/${practice.id}/users`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ email: 'persist@example.org', name: 'Pat Persist', password: 'long enough password' }),
      });
      expect(user.status).toBe(201);
    } finally {
      expect(await second.stop('SIGINT')).toBe(0);
    }
    expect(second.output()).not.toMatch(/Persistent Practice|Pat Persist/);
  });

  it('stops with one line naming a bad variable and a non-zero exit code', async () => {
    const { code, output } = await runNodeEntry({ PORT: 'abc' });
    expect(code).not.toBe(0);
    expect(output.trim()).toBe('metbridge: invalid configuration: PORT="abc": expected an integer between 1 and 65535');
  });

  it('stops with one clear line when the database cannot be reached', async () => {
    const { code, output } = await runNodeEntry({ DATABASE_URL: 'postgres://postgres:topsecret@127.0.0.1:9/metbridge' });
    expect(code).not.toBe(0);
    const lines = output.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^metbridge: cannot open PostgreSQL at postgres:\/\/127\.0\.0\.1:9\/metbridge: .*ECONNREFUSED/);
    expect(output).not.toContain('topsecret');
  });
});
