import { z } from 'zod';

/**
 * The one reader of environment variables and Worker bindings. Everything else receives the
 * typed {@link Config}. Names are part of MetBridge's external contract (see README).
 */

const DEFAULT_PORT = 8787;
const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
const DEFAULT_DIRECT_RETRY_HORIZON_SECONDS = 24 * 60 * 60;
const DEFAULT_DIRECT_PROCESSED_TIMEOUT_SECONDS = 60 * 60;
const DEFAULT_DIRECT_DISPATCH_INTERVAL_SECONDS = 30;
const DEFAULT_SUBSCRIPTION_MAX_ATTEMPTS = 10;
const DEFAULT_SUBSCRIPTION_RETRY_HORIZON_SECONDS = 24 * 60 * 60;
const DEFAULT_SUBSCRIPTION_DISPATCH_INTERVAL_SECONDS = 10;

/** Never echoed in error messages: they may carry passwords. */
const SECRET_VARIABLES = new Set(['DATABASE_URL', 'ADMIN_TOKEN', 'DIRECT_KEY_SECRET']);

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

const httpUrl = z
  .string()
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
    message: 'expected an absolute http(s) URL',
  });

const postgresUrl = z
  .string()
  .refine((value) => URL.canParse(value) && /^postgres(ql)?:$/.test(new URL(value).protocol), {
    message: 'expected a postgres:// or postgresql:// URL',
  });

const positiveInteger = (label: string, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { message: `expected ${label}` })
    .transform(Number)
    .refine((value) => value >= 1 && value <= max, { message: `expected ${label}` });

const environmentSchema = z.object({
  PORT: z.preprocess(emptyAsUndefined, positiveInteger('an integer between 1 and 65535', 65535).optional()),
  PUBLIC_URL: z.preprocess(emptyAsUndefined, httpUrl.optional()),
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().optional()),
  DATABASE_URL: z.preprocess(emptyAsUndefined, postgresUrl.optional()),
  ADMIN_TOKEN: z.preprocess(emptyAsUndefined, z.string().optional()),
  DIRECT_RELAY_URL: z.preprocess(emptyAsUndefined, httpUrl.optional()),
  DIRECT_KEY_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32, { message: 'expected at least 32 characters' }).optional()),
  DIRECT_RETRY_HORIZON_SECONDS: z.preprocess(emptyAsUndefined, positiveInteger('a positive number of seconds', 30 * 24 * 3600).optional()),
  DIRECT_PROCESSED_TIMEOUT_SECONDS: z.preprocess(
    emptyAsUndefined,
    positiveInteger('a positive number of seconds', 7 * 24 * 3600).optional(),
  ),
  DIRECT_DISPATCH_INTERVAL_SECONDS: z.preprocess(emptyAsUndefined, positiveInteger('a positive number of seconds', 3600).optional()),
  SUBSCRIPTION_MAX_ATTEMPTS: z.preprocess(emptyAsUndefined, positiveInteger('a positive number of attempts', 1000).optional()),
  SUBSCRIPTION_RETRY_HORIZON_SECONDS: z.preprocess(
    emptyAsUndefined,
    positiveInteger('a positive number of seconds', 30 * 24 * 3600).optional(),
  ),
  SUBSCRIPTION_DISPATCH_INTERVAL_SECONDS: z.preprocess(emptyAsUndefined, positiveInteger('a positive number of seconds', 3600).optional()),
  MAX_BODY_BYTES: z.preprocess(
    emptyAsUndefined,
    positiveInteger('a positive number of bytes', Number.MAX_SAFE_INTEGER).optional(),
  ),
});

export interface Config {
  port: number;
  /** Base of every absolute URL the service emits, without a trailing slash. */
  publicUrl: string;
  dataDir: string;
  databaseUrl?: string;
  adminToken?: string;
  directRelayUrl?: string;
  /**
   * Input keying material for the key that encrypts practices' Direct private keys at rest:
   * DIRECT_KEY_SECRET, or else ADMIN_TOKEN (then rotating ADMIN_TOKEN makes stored keys
   * unreadable). Never logged; see src/integrations/direct/store/private-key-vault.ts.
   */
  directKeySecret?: string;
  /** How long the dispatcher keeps retrying a message before it is `failed`. */
  directRetryHorizonSeconds: number;
  /** How long a recipient has to answer with a `processed` MDN before its delivery is `timed-out`. */
  directProcessedTimeoutSeconds: number;
  /** Node only: how often the Direct jobs run (Workers use the cron trigger). */
  directDispatchIntervalSeconds: number;
  /** Failed attempts of one subscription notification after which the subscription goes to `error`. */
  subscriptionMaxAttempts: number;
  /** How long after its first attempt a subscription notification may still be retried. */
  subscriptionRetryHorizonSeconds: number;
  /** Node only: how often subscription notifications are dispatched (Workers use the cron trigger). */
  subscriptionDispatchIntervalSeconds: number;
  maxBodyBytes: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses environment variables (Node's environment or a Worker's `env` bindings).
 * Throws {@link ConfigError} whose message is one line naming every invalid variable.
 */
export function parseConfig(env: Record<string, unknown>): Config {
  const strings = Object.fromEntries(
    Object.keys(environmentSchema.shape).map((name) => [name, typeof env[name] === 'string' ? env[name] : undefined]),
  );
  const parsed = environmentSchema.safeParse(strings);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const shown = SECRET_VARIABLES.has(name) ? '' : `=${JSON.stringify(strings[name])}`;
      return `${name}${shown}: ${issue.message}`;
    });
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const values = parsed.data;
  const port = values.PORT ?? DEFAULT_PORT;
  return {
    port,
    publicUrl: (values.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    dataDir: values.DATA_DIR ?? './data',
    databaseUrl: values.DATABASE_URL,
    adminToken: values.ADMIN_TOKEN,
    directRelayUrl: values.DIRECT_RELAY_URL,
    directKeySecret: values.DIRECT_KEY_SECRET ?? values.ADMIN_TOKEN,
    directRetryHorizonSeconds: values.DIRECT_RETRY_HORIZON_SECONDS ?? DEFAULT_DIRECT_RETRY_HORIZON_SECONDS,
    directProcessedTimeoutSeconds: values.DIRECT_PROCESSED_TIMEOUT_SECONDS ?? DEFAULT_DIRECT_PROCESSED_TIMEOUT_SECONDS,
    directDispatchIntervalSeconds: values.DIRECT_DISPATCH_INTERVAL_SECONDS ?? DEFAULT_DIRECT_DISPATCH_INTERVAL_SECONDS,
    subscriptionMaxAttempts: values.SUBSCRIPTION_MAX_ATTEMPTS ?? DEFAULT_SUBSCRIPTION_MAX_ATTEMPTS,
    subscriptionRetryHorizonSeconds: values.SUBSCRIPTION_RETRY_HORIZON_SECONDS ?? DEFAULT_SUBSCRIPTION_RETRY_HORIZON_SECONDS,
    subscriptionDispatchIntervalSeconds: values.SUBSCRIPTION_DISPATCH_INTERVAL_SECONDS ?? DEFAULT_SUBSCRIPTION_DISPATCH_INTERVAL_SECONDS,
    maxBodyBytes: values.MAX_BODY_BYTES ?? DEFAULT_MAX_BODY_BYTES,
  };
}
