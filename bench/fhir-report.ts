import type { Scenario, ScenarioName } from './fhir-scenarios';
import type { Verification } from './fhir-verify';
import type { PhaseResult } from './load-generator';
import { operationsPerSecond, percentile } from './load-runner';
import { formatTable, oneMinuteLoad, printFacts, type MachineFacts } from './report';

/** Issue 3: MetBridge's read by id reaches at least this share of the bare handler's throughput… */
export const READ_TARGET_RATIO = 0.5;
/** …and its search answers 99% of requests within this many milliseconds. */
export const SEARCH_P99_TARGET_MS = 50;

export interface ScenarioOutcome {
  scenario: Scenario;
  metbridge: PhaseResult;
  bare: PhaseResult;
  verification: Verification;
  /** The 1-minute load average when the scenario's last phase ended. */
  loadAfter: string;
}

/** Facts, settings, the MetBridge-versus-bare table, what each row measured, and the targets. */
export function printFhirReport(facts: MachineFacts, settings: Record<string, string>, outcomes: ScenarioOutcome[], notes: string[]): void {
  printFacts(facts, settings);
  console.log();
  const header = ['scenario', 'MetBridge req/s', 'p50 ms', 'p99 ms', 'bare req/s', 'p50 ms', 'p99 ms', 'ratio'];
  const rows = outcomes.map(({ scenario, metbridge, bare }) => [
    scenario.title,
    operationsPerSecond(metbridge).toFixed(0),
    percentile(metbridge, 0.5).toFixed(2),
    percentile(metbridge, 0.99).toFixed(2),
    operationsPerSecond(bare).toFixed(0),
    percentile(bare, 0.5).toFixed(2),
    percentile(bare, 0.99).toFixed(2),
    `${(ratioOf({ metbridge, bare }) * 100).toFixed(1)}%`,
  ]);
  for (const line of formatTable(header, rows)) console.log(line);
  console.log('  (ratio = MetBridge req/s ÷ bare req/s)\n');
  for (const outcome of outcomes) {
    for (const line of scenarioNotes(outcome)) console.log(`  ${outcome.scenario.name}: ${line}`);
  }
  for (const note of notes) console.log(`  ${note}`);
  console.log(`  load average after the run: ${oneMinuteLoad()}`);
  console.log('\nTargets (issue 3)');
  for (const line of targetLines(outcomes)) console.log(`  ${line}`);
}

function scenarioNotes({ scenario, metbridge, bare, verification, loadAfter }: ScenarioOutcome): string[] {
  const lines = [...scenario.notes];
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  lines.push(
    `${metbridge.operations} MetBridge and ${bare.operations} bare requests measured; mean response ` +
      `${kb(metbridge.bodyBytes / Math.max(1, metbridge.operations))} MetBridge, ${kb(bare.bodyBytes / Math.max(1, bare.operations))} bare`,
  );
  const failed = [describeFailures('MetBridge', metbridge), describeFailures('bare', bare)].filter(Boolean);
  if (failed.length) lines.push(`NOT 200: ${failed.join('; ')}`);
  const entries = verification.meanEntries === undefined ? '' : `, mean entries per page ${verification.meanEntries.toFixed(1)}`;
  const same = scenario.name === 'read' ? 'the same resource' : 'the same entries in the same order';
  lines.push(
    verification.problems.length
      ? `check of ${verification.requests} sample requests FAILED${entries}: ${verification.problems.slice(0, 3).join('; ')}`
      : `check of ${verification.requests} sample requests: all 200, both servers return ${same}${entries}`,
  );
  lines.push(`load average at the end of the scenario: ${loadAfter}`);
  return lines;
}

function describeFailures(side: string, result: PhaseResult): string {
  const other = Object.entries(result.statuses).filter(([status]) => status !== '200');
  return other.length ? `${side} ${other.map(([status, count]) => `${count} × ${status}`).join(', ')}` : '';
}

function targetLines(outcomes: ScenarioOutcome[]): string[] {
  const find = (name: ScenarioName) => outcomes.find((outcome) => outcome.scenario.name === name);
  const lines: string[] = [];
  const read = find('read');
  if (read) {
    const ratio = ratioOf(read);
    lines.push(
      `read by id ≥ ${READ_TARGET_RATIO * 100}% of the bare throughput: ${(ratio * 100).toFixed(1)}% — ` +
        `${ratio >= READ_TARGET_RATIO ? 'met' : 'NOT MET'}`,
    );
  }
  const search = find('search');
  if (search) {
    const p99 = percentile(search.metbridge, 0.99);
    lines.push(`search p99 < ${SEARCH_P99_TARGET_MS} ms: ${p99.toFixed(1)} ms — ${p99 < SEARCH_P99_TARGET_MS ? 'met' : 'NOT MET'}`);
  }
  return lines;
}

function ratioOf({ metbridge, bare }: { metbridge: PhaseResult; bare: PhaseResult }): number {
  return operationsPerSecond(metbridge) / operationsPerSecond(bare);
}
