import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config';

describe('parseConfig', () => {
  it('applies the documented defaults when nothing is set', () => {
    expect(parseConfig({})).toEqual({
      port: 8787,
      publicUrl: 'http://localhost:8787',
      dataDir: './data',
      databaseUrl: undefined,
      adminToken: undefined,
      directRelayUrl: undefined,
      directKeySecret: undefined,
      directRetryHorizonSeconds: 86400,
      directProcessedTimeoutSeconds: 3600,
      directDispatchIntervalSeconds: 30,
      subscriptionMaxAttempts: 10,
      subscriptionRetryHorizonSeconds: 86400,
      subscriptionDispatchIntervalSeconds: 10,
      maxBodyBytes: 5 * 1024 * 1024,
    });
  });

  it('derives PUBLIC_URL from PORT and strips a trailing slash from an explicit one', () => {
    expect(parseConfig({ PORT: '9000' }).publicUrl).toBe('http://localhost:9000');
    expect(parseConfig({ PUBLIC_URL: 'https://met.example.org/' }).publicUrl).toBe('https://met.example.org');
  });

  it('reads every variable of the contract', () => {
    const config = parseConfig({
      PORT: '8080',
      PUBLIC_URL: 'https://met.example.org',
      DATA_DIR: '/var/lib/metbridge',
      DATABASE_URL: 'postgres://app:pw@db:5432/met',
      ADMIN_TOKEN: 'secret-admin-token',
      DIRECT_RELAY_URL: 'https://hisp.example.org/relay',
    });
    expect(config).toMatchObject({
      port: 8080,
      dataDir: '/var/lib/metbridge',
      databaseUrl: 'postgres://app:pw@db:5432/met',
      adminToken: 'secret-admin-token',
      directRelayUrl: 'https://hisp.example.org/relay',
    });
  });

  it('treats an empty variable as unset', () => {
    expect(parseConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({ port: 8787, databaseUrl: undefined });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT="abc": expected an integer between 1 and 65535'],
    [{ PORT: '70000' }, 'PORT="70000"'],
    [{ PUBLIC_URL: 'not a url' }, 'PUBLIC_URL="not a url": expected an absolute http(s) URL'],
    [{ DIRECT_RELAY_URL: 'ftp://relay' }, 'DIRECT_RELAY_URL'],
    [{ MAX_BODY_BYTES: '-1' }, 'MAX_BODY_BYTES'],
  ])('refuses %o with one line naming the variable', (env, expected) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    try {
      parseConfig(env);
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain(expected);
      expect(message).not.toContain('\n');
    }
  });

  it('names every invalid variable at once', () => {
    expect(() => parseConfig({ PORT: 'x', PUBLIC_URL: 'y' })).toThrow(/PORT=.*; PUBLIC_URL=/);
  });

  it('never echoes the value of a secret variable', () => {
    expect(() => parseConfig({ DATABASE_URL: 'mysql://root:hunter2@db/x' })).toThrow(ConfigError);
    try {
      parseConfig({ DATABASE_URL: 'mysql://root:hunter2@db/x' });
    } catch (error) {
      expect((error as Error).message).toContain('DATABASE_URL');
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('encrypts Direct private keys under DIRECT_KEY_SECRET, or else under a key derived from ADMIN_TOKEN', () => {
    const secret = 'a-deployment-secret-of-at-least-32-characters';
    expect(parseConfig({ ADMIN_TOKEN: 'admin', DIRECT_KEY_SECRET: secret }).directKeySecret).toBe(secret);
    expect(parseConfig({ ADMIN_TOKEN: 'admin' }).directKeySecret).toBe('admin');
  });

  it('refuses a short DIRECT_KEY_SECRET without echoing it', () => {
    try {
      parseConfig({ DIRECT_KEY_SECRET: 'short-secret' });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain('DIRECT_KEY_SECRET: expected at least 32 characters');
      expect((error as Error).message).not.toContain('short-secret');
    }
  });

  it('reads the Direct retry horizon, processed-MDN timeout and dispatch interval', () => {
    const config = parseConfig({
      DIRECT_RETRY_HORIZON_SECONDS: '600',
      DIRECT_PROCESSED_TIMEOUT_SECONDS: '120',
      DIRECT_DISPATCH_INTERVAL_SECONDS: '5',
    });
    expect(config).toMatchObject({ directRetryHorizonSeconds: 600, directProcessedTimeoutSeconds: 120, directDispatchIntervalSeconds: 5 });
    expect(() => parseConfig({ DIRECT_RETRY_HORIZON_SECONDS: '0' })).toThrow('DIRECT_RETRY_HORIZON_SECONDS');
  });

  it('reads the subscription delivery settings', () => {
    const config = parseConfig({ SUBSCRIPTION_MAX_ATTEMPTS: '4', SUBSCRIPTION_RETRY_HORIZON_SECONDS: '3600', SUBSCRIPTION_DISPATCH_INTERVAL_SECONDS: '2' });
    expect(config).toMatchObject({ subscriptionMaxAttempts: 4, subscriptionRetryHorizonSeconds: 3600, subscriptionDispatchIntervalSeconds: 2 });
    expect(() => parseConfig({ SUBSCRIPTION_MAX_ATTEMPTS: '0' })).toThrow('SUBSCRIPTION_MAX_ATTEMPTS');
  });
});
