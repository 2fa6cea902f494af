/**
 * What SMART authentication costs (issue 4), on real PostgreSQL: token requests/s for a Backend
 * Services client authenticating with ES384 client assertions, and authenticated FHIR read by id
 * next to the same read on the same app without authentication, in the same run.
 *
 *   npm run bench:auth [-- --patients=1000 --duration=10 --warmup=2 --rounds=2]
 *
 * Uses DATABASE_URL when set, otherwise creates `metbridge_bench_auth_<pid>` on the local server
 * and drops it at the end. The servers and the read load generator each run in their own Node
 * process; token requests are sent from this process with assertions signed before the clock
 * starts (a client's signing cost is not the server's). A benchmark, not a test: it reports and
 * never fails on figures.
 */
import type { ChildProcess } from 'node:child_process';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import postgres from 'postgres';
import type { Principal } from '../src/api/auth/principal';
import { createRepositories } from '../src/db/repositories';
import { systemClock } from '../src/lib/clock';
import { migratePostgresOnce, openPostgres, redactUrl } from '../src/node/database';
import { createTestPractice } from '../test/support/practices';
import { readBenchOptions } from './bench-options';
import type { AuthServerMessage, AuthServerOptions } from './auth-server';
import { benchLog as log, runOnBenchDatabase } from './bench-database';
import { forkBenchModule, freePort, nextMessage, stopChild } from './child-processes';
import type { GeneratorMessage, LoadPhase, PhaseResult } from './load-generator';
import { combineResults, operationsPerSecond, percentile, runLoad, type LoadResult } from './load-runner';
import { benchPatient } from './observation-fixture';
import { formatTable, machineFacts, oneMinuteLoad, printFacts } from './report';

/** Authentication may cost at most this share of the unauthenticated read throughput. */
const AUTH_COST_TARGET = 0.15;
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const CLIENT_SCOPE = 'system/Patient.rs';

const OPTION_DEFAULTS = {
  patients: '1000',
  concurrency: '32',
  'token-concurrency': '8',
  pool: '4',
  warmup: '2',
  duration: '10',
  rounds: '2',
  assertions: '20000',
} as const;

interface BenchOptions {
  patients: number;
  concurrency: number;
  tokenConcurrency: number;
  poolSize: number;
  warmUpSeconds: number;
  durationSeconds: number;
  rounds: number;
  /** Assertions signed ahead of the token phase; the phase ends early if they run out. */
  assertions: number;
}

function readOptions(): BenchOptions {
  const option = readBenchOptions(OPTION_DEFAULTS);
  return {
    patients: option.integer('patients'),
    concurrency: option.integer('concurrency'),
    tokenConcurrency: option.integer('token-concurrency'),
    poolSize: option.integer('pool'),
    warmUpSeconds: option.number('warmup', 0),
    durationSeconds: option.number('duration', 0.1),
    rounds: option.integer('rounds'),
    assertions: option.integer('assertions'),
  };
}

interface RegisteredClient {
  clientId: string;
  kid: string;
  privateKey: CryptoKey;
}

interface Servers {
  token: number;
  open: number;
}

/** A practice with `count` Patients, created through the store; returns the practice and the Patient ids. */
async function seed(url: string, count: number): Promise<{ practiceId: string; patientIds: string[] }> {
  const database = await openPostgres(url, { max: 4 });
  try {
    const repositories = createRepositories(database.db, systemClock);
    const practiceId = await createTestPractice(repositories, 'MetBridge authentication benchmark practice');
    const store = repositories.resourcesOf(practiceId);
    const patientIds: string[] = [];
    for (let start = 0; start < count; start += 8) {
      const batch = Array.from({ length: Math.min(8, count - start) }, (_, offset) => store.create(benchPatient(start + offset)));
      for (const created of await Promise.all(batch)) patientIds.push(created.resource.id);
    }
    return { practiceId, patientIds };
  } finally {
    await database.close();
  }
}

async function startServer(children: ChildProcess[], options: Omit<AuthServerOptions, 'port'>): Promise<number> {
  const child = forkBenchModule('./auth-server.ts', [JSON.stringify({ ...options, port: await freePort() })]);
  children.push(child);
  const message = await nextMessage<AuthServerMessage>(child);
  if (message.kind === 'failed') throw new Error(`the ${options.kind} server did not start: ${message.message}`);
  return message.port;
}

/** Registers a Backend Services client with an inline ES384 JWKS through the admin API. */
async function registerClient(port: number, adminToken: string, practiceId: string): Promise<RegisteredClient> {
  const { publicKey, privateKey } = await generateKeyPair('ES384');
  const kid = 'bench-es384';
  const response = await fetch(`http://127.0.0.1:${port}/admin/practices/${practiceId}/clients`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      client_name: 'Authentication benchmark EHR',
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' }] },
      scope: CLIENT_SCOPE,
    }),
  });
  if (response.status !== 201) throw new Error(`client registration answered ${response.status}: ${await response.text()}`);
  const { client_id: clientId } = (await response.json()) as { client_id: string };
  return { clientId, kid, privateKey };
}

/** Distinct assertions (each with its own `jti`), valid for four minutes from now. */
async function signAssertions(client: RegisteredClient, tokenUrl: string, count: number): Promise<string[]> {
  const assertions: string[] = [];
  for (let i = 0; i < count; i++) {
    assertions.push(
      await new SignJWT({})
        .setProtectedHeader({ alg: 'ES384', kid: client.kid, typ: 'JWT' })
        .setIssuer(client.clientId)
        .setSubject(client.clientId)
        .setAudience(tokenUrl)
        .setIssuedAt()
        .setExpirationTime('4m')
        .setJti(crypto.randomUUID())
        .sign(client.privateKey),
    );
  }
  return assertions;
}

function tokenRequestBody(assertion: string): string {
  return new URLSearchParams({
    grant_type: 'client_credentials',
    scope: CLIENT_SCOPE,
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: assertion,
  }).toString();
}

interface TokenOutcome {
  result: LoadResult;
  statuses: Record<number, number>;
}

/** Token requests with fresh assertions from `tokenConcurrency` keep-alive connections. */
async function measureTokens(tokenUrl: string, assertions: string[], options: BenchOptions, stop: AbortSignal): Promise<TokenOutcome> {
  let next = 0;
  let statuses: Record<number, number> = {};
  const request = async () => {
    const assertion = assertions[next++];
    if (assertion === undefined) return;
    const response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: tokenRequestBody(assertion),
    });
    await response.arrayBuffer();
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
  };
  const plan = { concurrency: options.tokenConcurrency, stop };
  await runLoad({ ...plan, maxOperations: assertions.length, maxMilliseconds: options.warmUpSeconds * 1000 }, request);
  statuses = {};
  const remaining = assertions.length - next;
  const result = await runLoad({ ...plan, maxOperations: remaining, maxMilliseconds: options.durationSeconds * 1000 }, request);
  return { result, statuses };
}

async function obtainToken(tokenUrl: string, assertion: string): Promise<string> {
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: tokenRequestBody(assertion),
  });
  const body = (await response.json()) as { access_token?: string; error_description?: string };
  if (!body.access_token) throw new Error(`the token endpoint refused the benchmark client: ${body.error_description ?? response.status}`);
  return body.access_token;
}

async function runPhase(generator: ChildProcess, phase: LoadPhase): Promise<PhaseResult> {
  const answer = nextMessage<GeneratorMessage>(generator);
  generator.send(phase);
  const message = await answer;
  if (message.kind === 'error') throw new Error(`load generator: ${message.message}`);
  return message.result;
}

/** Authenticated and open reads in alternating rounds, so that neither always runs second. */
async function measureReads(
  generator: ChildProcess,
  servers: Servers,
  accessToken: string,
  paths: string[],
  options: BenchOptions,
  stop: AbortSignal,
): Promise<{ token: PhaseResult; open: PhaseResult }> {
  const results: { token: PhaseResult[]; open: PhaseResult[] } = { token: [], open: [] };
  for (let round = 0; round < options.rounds && !stop.aborted; round++) {
    const order = round % 2 === 0 ? (['token', 'open'] as const) : (['open', 'token'] as const);
    for (const side of order) {
      if (stop.aborted) break;
      log(`  read by id: ${side === 'token' ? 'bearer token' : 'no authentication'}, round ${round + 1}/${options.rounds}…`);
      results[side].push(
        await runPhase(generator, {
          port: servers[side],
          headers: { Accept: 'application/fhir+json', ...(side === 'token' ? { Authorization: `Bearer ${accessToken}` } : {}) },
          paths,
          concurrency: options.concurrency,
          warmUpMilliseconds: options.warmUpSeconds * 1000,
          measureMilliseconds: (options.durationSeconds * 1000) / options.rounds,
        }),
      );
    }
  }
  const combine = (phases: PhaseResult[]): PhaseResult => {
    const statuses: Record<number, number> = {};
    for (const phase of phases) {
      for (const [status, count] of Object.entries(phase.statuses)) statuses[Number(status)] = (statuses[Number(status)] ?? 0) + count;
    }
    return { ...combineResults(phases), statuses, bodyBytes: phases.reduce((sum, phase) => sum + phase.bodyBytes, 0) };
  };
  return { token: combine(results.token), open: combine(results.open) };
}

function row(name: string, result: LoadResult): string[] {
  return [name, operationsPerSecond(result).toFixed(0), percentile(result, 0.5).toFixed(2), percentile(result, 0.99).toFixed(2)];
}

function statusText(statuses: Record<number, number>): string {
  return Object.entries(statuses)
    .map(([status, count]) => `${count} × ${status}`)
    .join(', ');
}

async function runBenchmark(url: string, owned: boolean, options: BenchOptions, stop: AbortSignal): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  const children: ChildProcess[] = [];
  try {
    const facts = await machineFacts(sql);
    await migratePostgresOnce(url);
    log(`seeding ${options.patients} Patients…`);
    const { practiceId, patientIds } = await seed(url, options.patients);
    const adminToken = `bench-admin-${crypto.randomUUID()}`;
    const common = { databaseUrl: url, poolSize: options.poolSize, adminToken };
    const tokenPort = await startServer(children, {
      ...common,
      kind: 'token',
      principal: { practiceId, actor: { kind: 'client', clientId: 'unused' }, scopes: [] },
    });
    const client = await registerClient(tokenPort, adminToken, practiceId);
    const principal: Principal = { practiceId, actor: { kind: 'client', clientId: client.clientId }, scopes: [CLIENT_SCOPE] };
    const servers: Servers = { token: tokenPort, open: await startServer(children, { ...common, kind: 'open', principal }) };
    const tokenUrl = `http://127.0.0.1:${tokenPort}/oauth/token`;

    log(`signing ${options.assertions} ES384 client assertions…`);
    const assertions = await signAssertions(client, tokenUrl, options.assertions + 1);
    const accessToken = await obtainToken(tokenUrl, assertions.pop()!);
    log('token requests…');
    const tokens = await measureTokens(tokenUrl, assertions, options, stop);
    const tokenLoad = oneMinuteLoad();

    const generator = forkBenchModule('./load-generator.ts');
    children.push(generator);
    const paths = patientIds.map((id) => `/fhir/Patient/${id}`);
    const reads = await measureReads(generator, servers, accessToken, paths, options, stop);
    if (stop.aborted) {
      log('interrupted: the phases were cut short, so no figures are reported');
      return;
    }

    printFacts(facts, {
      database: `${redactUrl(url)} (${owned ? 'created for this run, dropped at the end' : 'DATABASE_URL'})`,
      data: `${patientIds.length} Patients in one practice, created through the store`,
      servers: `one Node process each, @hono/node-server on 127.0.0.1, postgres.js pool of ${options.poolSize}`,
      tokens:
        `${options.tokenConcurrency} requests in flight from this process (fetch), each with its own ES384 assertion ` +
        `signed beforehand; ${options.warmUpSeconds} s warm-up + ${options.durationSeconds} s measured`,
      reads:
        `${options.concurrency} keep-alive connections from a separate Node process, GET /fhir/Patient/{id} over ` +
        `${paths.length} ids; ${options.rounds} round(s) of ${options.warmUpSeconds} s warm-up + ` +
        `${options.durationSeconds / options.rounds} s measured per server, alternating`,
    });
    console.log();
    const header = ['operation', 'req/s', 'p50 ms', 'p99 ms'];
    const rows = [
      row('token: client_credentials + ES384 assertion', tokens.result),
      row('read Patient by id, bearer access token', reads.token),
      row('read Patient by id, no authentication', reads.open),
    ];
    for (const line of formatTable(header, rows)) console.log(line);
    console.log();
    console.log(`  token: responses ${statusText(tokens.statuses)}; load after the phase ${tokenLoad}`);
    console.log(`  read with token: responses ${statusText(reads.token.statuses)}`);
    console.log(`  read without: responses ${statusText(reads.open.statuses)}`);
    console.log(
      '  the authenticated server verifies each ES256 access token (signature, issuer, audience, expiry) and ' +
        'caches verified tokens by hash; the open server hands every request the same client principal',
    );
    console.log(`  load average after the run: ${oneMinuteLoad()}`);
    const cost = 1 - operationsPerSecond(reads.token) / operationsPerSecond(reads.open);
    const verdict = cost <= AUTH_COST_TARGET ? 'meets' : 'misses';
    console.log(
      `\nAuthentication costs ${(cost * 100).toFixed(1)}% of the unauthenticated read throughput: ` +
        `${verdict} the target of at most ${AUTH_COST_TARGET * 100}%.`,
    );
  } finally {
    await Promise.all(children.map(stopChild));
    await sql.end({ timeout: 5 });
  }
}

const options = readOptions();
await runOnBenchDatabase('metbridge_bench_auth', (database, stop) => runBenchmark(database.url, database.owned, options, stop));
