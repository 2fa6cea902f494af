import { cpus, loadavg, totalmem } from 'node:os';
import type postgres from 'postgres';
import type { Comparison } from './comparisons';
import { operationsPerSecond, percentile } from './load-runner';

/** The share of the bare primary-key lookup that the store's read by id must reach. */
export const READ_TARGET_RATIO = 0.7;

export interface MachineFacts {
  node: string;
  cpu: string;
  memory: string;
  postgres: string;
  /** Other work on the machine skews every figure: the 1-minute load average before the run. */
  load: string;
}

export async function machineFacts(sql: postgres.Sql): Promise<MachineFacts> {
  const [row] = await sql<{ server_version: string }[]>`show server_version`;
  const processors = cpus();
  return {
    node: process.version,
    cpu: `${processors.length} × ${processors[0]?.model.trim() ?? 'unknown'}`,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    postgres: row?.server_version ?? 'unknown',
    load: oneMinuteLoad(),
  };
}

/** Prints the facts, the settings and the store-versus-bare table, one row per operation. */
export function printReport(facts: MachineFacts, settings: Record<string, string>, comparisons: Comparison[]): void {
  printFacts(facts, settings);
  console.log();
  printTable(comparisons);
  console.log();
  for (const comparison of comparisons) {
    for (const note of comparison.notes) console.log(`  ${comparison.operation}: ${note}`);
  }
  console.log(`  load average after the run: ${oneMinuteLoad()}`);
  const read = comparisons.find((comparison) => comparison.operation === 'read by id');
  if (read) console.log(`\n${readTargetLine(read)}`);
}

/** The machine and the run's settings, one `name value` line each. */
export function printFacts(facts: MachineFacts, settings: Record<string, string>): void {
  console.log('\nMachine');
  for (const [name, value] of Object.entries(facts)) console.log(`  ${name.padEnd(12)} ${value}`);
  console.log('Settings');
  for (const [name, value] of Object.entries(settings)) console.log(`  ${name.padEnd(12)} ${value}`);
}

/** The 1-minute load average, with the number of cores to read it against. */
export function oneMinuteLoad(): string {
  return `${loadavg()[0]!.toFixed(2)} (1-minute load average, ${cpus().length} cores)`;
}

function printTable(comparisons: Comparison[]): void {
  const header = ['operation', 'ops', 'ops/s', 'p50 ms', 'p99 ms', 'bare ops/s', 'bare p50', 'bare p99', 'store/bare'];
  const rows = comparisons.map((comparison) => [
    comparison.operation,
    String(comparison.store.operations),
    operationsPerSecond(comparison.store).toFixed(0),
    percentile(comparison.store, 0.5).toFixed(2),
    percentile(comparison.store, 0.99).toFixed(2),
    operationsPerSecond(comparison.bare).toFixed(0),
    percentile(comparison.bare, 0.5).toFixed(2),
    percentile(comparison.bare, 0.99).toFixed(2),
    `${(ratioOf(comparison) * 100).toFixed(1)}%`,
  ]);
  for (const line of formatTable(header, rows)) console.log(line);
}

/** A plain-text table: the first column left-aligned, the others right-aligned, a rule under the header. */
export function formatTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const format = (cells: string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [format(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(format)];
}

function ratioOf(comparison: Comparison): number {
  return operationsPerSecond(comparison.store) / operationsPerSecond(comparison.bare);
}

function readTargetLine(read: Comparison): string {
  const ratio = ratioOf(read);
  const verdict = ratio >= READ_TARGET_RATIO ? 'meets' : 'MISSES';
  return (
    `read by id: store ${operationsPerSecond(read.store).toFixed(0)} ops/s = ${(ratio * 100).toFixed(1)}% ` +
    `of the bare lookup (${operationsPerSecond(read.bare).toFixed(0)} ops/s); ` +
    `${verdict} the target of ≥ ${READ_TARGET_RATIO * 100}%`
  );
}
