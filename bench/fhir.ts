/**
 * The FHIR API over HTTP against a bare Hono + postgres.js handler, on real PostgreSQL with a
 * practice of clients and their Observations (issue 3): read by id, a patient+code+date search
 * and a `_lastUpdated` incremental pull, each as requests/s and p50/p99 latency at 32 keep-alive
 * connections, MetBridge and the baseline measured alike in the same run.
 *
 *   npm run bench:fhir [-- --observations=200000 --clients=1000 --duration=10 --warmup=2]
 *                        [--scenarios=read,search,pull] [--profile-dir=/tmp/metbridge-profile]
 *
 * `--profile-dir` writes a V8 CPU profile of the MetBridge server (`.cpuprofile`, for Chrome's
 * DevTools) there when it stops; profiling slows the server, so its figures are then not comparable.
 *
 * Uses DATABASE_URL when set — seeding only what is missing, so a seeded database is reused as
 * is — otherwise creates `metbridge_bench_fhir_<pid>` on the local server and drops it at the end.
 * Each server and the load generator run in their own Node process. A benchmark, not a test: it
 * reports and never fails on figures.
 */
import type { ChildProcess } from 'node:child_process';
import postgres from 'postgres';
import { redactUrl } from '../src/node/database';
import { benchLog as log, runOnBenchDatabase } from './bench-database';
import { readBenchOptions } from './bench-options';
import { forkBenchModule, freePort, nextMessage, stopChild } from './child-processes';
import { printFhirReport, type ScenarioOutcome } from './fhir-report';
import { pullScenario, readScenario, searchScenario, type Scenario, type ScenarioName } from './fhir-scenarios';
import { seedPractice, type SeededPractice } from './fhir-seed';
import type { BenchServerOptions, ServerMessage } from './fhir-server';
import { honoursLastUpdatedSort, verifyScenario, type ServerTarget } from './fhir-verify';
import type { GeneratorMessage, LoadPhase, PhaseResult } from './load-generator';
import { combineResults } from './load-runner';
import { machineFacts, oneMinuteLoad } from './report';

interface BenchOptions {
  observations: number;
  clients: number;
  /** Keep-alive connections of the load generator: requests in flight. */
  concurrency: number;
  /** postgres.js connections of each server. */
  poolSize: number;
  warmUpSeconds: number;
  /** Measured seconds per scenario and server, split over `rounds`. */
  durationSeconds: number;
  /** Each server is measured in this many rounds, alternating which goes first. */
  rounds: number;
  seedProcesses: number;
  /** Creates in flight in each seeding process. */
  seedConcurrency: number;
  scenarios: ScenarioName[];
  /** Where the MetBridge server writes its CPU profile, when set. */
  profileDir?: string;
}

const OPTION_DEFAULTS = {
  observations: '200000',
  clients: '1000',
  concurrency: '32',
  pool: '4',
  warmup: '2',
  duration: '10',
  rounds: '2',
  'seed-processes': '2',
  'seed-concurrency': '8',
  scenarios: 'read,search,pull',
  'profile-dir': '',
} as const;

const SCENARIO_NAMES: readonly ScenarioName[] = ['read', 'search', 'pull'];

function readOptions(): BenchOptions {
  const option = readBenchOptions(OPTION_DEFAULTS);
  const profileDir = option.text('profile-dir');
  return {
    observations: option.integer('observations'),
    clients: option.integer('clients'),
    concurrency: option.integer('concurrency'),
    poolSize: option.integer('pool'),
    warmUpSeconds: option.number('warmup', 0),
    durationSeconds: option.number('duration', 0.1),
    rounds: option.integer('rounds'),
    seedProcesses: option.integer('seed-processes'),
    seedConcurrency: option.integer('seed-concurrency'),
    scenarios: scenarioNames(option.text('scenarios')),
    ...(profileDir ? { profileDir } : {}),
  };
}

function scenarioNames(text: string): ScenarioName[] {
  const names = text.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !SCENARIO_NAMES.includes(name as ScenarioName));
  if (unknown.length || !names.length) throw new Error(`--scenarios takes a comma-separated list of ${SCENARIO_NAMES.join(', ')}, not ${text}.`);
  return names as ScenarioName[];
}

interface RunningServers {
  metbridge: ServerTarget;
  bare: ServerTarget;
}

/** Starts MetBridge and the baseline, each in its own process, and waits until both listen. */
async function startServers(
  children: ChildProcess[],
  url: string,
  practiceId: string,
  options: BenchOptions,
): Promise<RunningServers> {
  const token = `bench-${crypto.randomUUID()}`;
  const start = async (kind: BenchServerOptions['kind']): Promise<ServerTarget> => {
    const serverOptions: BenchServerOptions = {
      kind,
      databaseUrl: url,
      poolSize: options.poolSize,
      practiceId,
      token,
      port: await freePort(),
    };
    const profile = kind === 'metbridge' && options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
    const child = forkBenchModule('./fhir-server.ts', [JSON.stringify(serverOptions)], profile);
    children.push(child);
    child.once('exit', (code, signal) => {
      if (signal !== 'SIGTERM' && code !== 0) log(`the ${kind} server exited unexpectedly (${signal ?? `exit code ${code}`})`);
    });
    const message = await nextMessage<ServerMessage>(child);
    if (message.kind === 'failed') throw new Error(`the ${kind} server did not start: ${message.message}`);
    return { port: message.port, token };
  };
  const [metbridge, bare] = await Promise.all([start('metbridge'), start('bare')]);
  return { metbridge, bare };
}

/** One phase of load from the generator process against one server. */
async function runPhase(generator: ChildProcess, phase: LoadPhase): Promise<PhaseResult> {
  const answer = nextMessage<GeneratorMessage>(generator);
  generator.send(phase);
  const message = await answer;
  if (message.kind === 'error') throw new Error(`load generator: ${message.message}`);
  return message.result;
}

/** Both servers under the same load, in alternating rounds so neither always runs second. */
async function measureScenario(
  generator: ChildProcess,
  scenario: Scenario,
  servers: RunningServers,
  options: BenchOptions,
  stop: AbortSignal,
): Promise<{ metbridge: PhaseResult; bare: PhaseResult }> {
  const results: { metbridge: PhaseResult[]; bare: PhaseResult[] } = { metbridge: [], bare: [] };
  for (let round = 0; round < options.rounds && !stop.aborted; round++) {
    const order = round % 2 === 0 ? (['metbridge', 'bare'] as const) : (['bare', 'metbridge'] as const);
    for (const side of order) {
      if (stop.aborted) break;
      log(`  ${scenario.name}: ${side}, round ${round + 1}/${options.rounds}…`);
      const phase = runPhase(generator, {
        port: servers[side].port,
        headers: { Authorization: `Bearer ${servers[side].token}`, Accept: 'application/fhir+json' },
        paths: scenario.paths,
        concurrency: options.concurrency,
        warmUpMilliseconds: options.warmUpSeconds * 1000,
        measureMilliseconds: (options.durationSeconds * 1000) / options.rounds,
      });
      const failed = (error: unknown): never => {
        throw new Error(`${scenario.name} against the ${side} server: ${error instanceof Error ? error.message : String(error)}`);
      };
      results[side].push(await phase.catch(failed));
    }
  }
  return { metbridge: combinePhases(results.metbridge), bare: combinePhases(results.bare) };
}

function combinePhases(phases: PhaseResult[]): PhaseResult {
  const statuses: Record<number, number> = {};
  for (const phase of phases) {
    for (const [status, count] of Object.entries(phase.statuses)) statuses[Number(status)] = (statuses[Number(status)] ?? 0) + count;
  }
  return { ...combineResults(phases), statuses, bodyBytes: phases.reduce((sum, phase) => sum + phase.bodyBytes, 0) };
}

async function runBenchmark(url: string, owned: boolean, options: BenchOptions, stop: AbortSignal): Promise<void> {
  const sql = postgres(url, { max: 2, onnotice: () => {}, connect_timeout: 10 });
  const children: ChildProcess[] = [];
  try {
    const facts = await machineFacts(sql);
    log(`seeding ${options.clients} clients and ${options.observations} Observations (only what is missing)…`);
    const seeded = await seedPractice(sql, url, options, {
      processes: options.seedProcesses,
      poolSize: Math.max(2, Math.ceil(options.seedConcurrency / 2)),
      concurrency: options.seedConcurrency,
      stop,
      log,
    });
    if (stop.aborted) return;
    log(`seeded in ${seeded.seedSeconds.toFixed(1)} s; starting MetBridge and the bare server…`);

    const servers = await startServers(children, url, seeded.practiceId, options);
    const notes: string[] = [];
    const sorted = await honoursLastUpdatedSort(servers.metbridge);
    if (!sorted) notes.push('pull: MetBridge does not honour _sort=_lastUpdated yet, so the pull runs without _sort on both servers');
    const build = { read: readScenario, search: searchScenario, pull: (db: postgres.Sql, id: string) => pullScenario(db, id, sorted) };
    const scenarios: Scenario[] = [];
    for (const name of options.scenarios) scenarios.push(await build[name](sql, seeded.practiceId));
    const generator = forkBenchModule('./load-generator.ts');
    children.push(generator);

    const outcomes: ScenarioOutcome[] = [];
    for (const scenario of scenarios) {
      if (stop.aborted) break;
      log(`${scenario.title}: checking both servers' answers…`);
      const verification = await verifyScenario(scenario, servers.metbridge, servers.bare);
      const measured = await measureScenario(generator, scenario, servers, options, stop);
      outcomes.push({ scenario, verification, ...measured, loadAfter: oneMinuteLoad() });
    }
    if (stop.aborted) {
      log('interrupted: the phases were cut short, so no figures are reported');
      return;
    }
    printFhirReport(facts, settingsOf(url, owned, options, seeded), outcomes, [
      ...notes,
      'bare server: one hand-written postgres.js statement per request over the same tables (the ' +
        'search as EXISTS subqueries on the search index tables, like the store\'s); its read and pull ' +
        'statements run prepared, its search on a pool of the same size whose connections plan each ' +
        'execution (plan_cache_mode=force_custom_plan), as the generic plan of that search is far slower',
      'authentication: every request carries a bearer token that MetBridge checks against ' +
        'staticTokenAuthenticator (an in-memory map), and the bare server against one string — ' +
        'no signed access-token verification is measured yet',
    ]);
  } finally {
    await Promise.all(children.map(stopChild));
    await sql.end({ timeout: 5 });
  }
}

function settingsOf(url: string, owned: boolean, options: BenchOptions, seeded: SeededPractice): Record<string, string> {
  const perSide = options.durationSeconds / options.rounds;
  const created = seeded.created.patients + seeded.created.observations;
  return {
    database: `${redactUrl(url)} (${owned ? 'created for this run, dropped at the end' : 'DATABASE_URL'})`,
    data:
      `${seeded.patientIds.length} Patients, ${seeded.observations} Observations` +
      (created ? `; this run created ${seeded.created.patients} Patients and ${seeded.created.observations} Observations` : '; all reused'),
    seeding:
      `${seeded.seedSeconds.toFixed(1)} s through PracticeResourceStore.create, ` +
      `${options.seedProcesses} process(es) × ${options.seedConcurrency} in flight, synchronous_commit=off` +
      (seeded.created.observations ? ` (${(seeded.created.observations / seeded.seedSeconds).toFixed(0)} Observations/s overall)` : ''),
    servers: `one Node process each, @hono/node-server on 127.0.0.1, postgres.js pool of ${options.poolSize}`,
    load:
      `${options.concurrency} keep-alive connections from a separate Node process; per scenario and server ` +
      `${options.rounds} round(s) of ${options.warmUpSeconds} s warm-up + ${perSide} s measured, alternating`,
  };
}

const options = readOptions();
await runOnBenchDatabase('metbridge_bench_fhir', (database, stop) => runBenchmark(database.url, database.owned, options, stop));
