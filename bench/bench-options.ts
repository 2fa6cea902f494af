import { parseArgs } from 'node:util';

/** The `--name=value` options of a benchmark, read once from the command line. */
export interface BenchOptionReader<K extends string> {
  text(name: K): string;
  /** A finite number ≥ `minimum` (1 unless told). */
  number(name: K, minimum?: number): number;
  /** A whole number ≥ `minimum` (1 unless told). */
  integer(name: K, minimum?: number): number;
}

/**
 * Reads the options named in `defaults` (each `--name=value`, the default when absent); a bad
 * value stops the benchmark with a message naming the option.
 */
export function readBenchOptions<K extends string>(defaults: Readonly<Record<K, string>>): BenchOptionReader<K> {
  const { values } = parseArgs({
    options: Object.fromEntries(Object.entries(defaults).map(([name, value]) => [name, { type: 'string' as const, default: value as string }])),
  });
  const text = (name: K) => String(values[name]);
  const checked = (name: K, minimum: number, whole: boolean) => {
    const value = Number(text(name));
    const valid = whole ? Number.isSafeInteger(value) : Number.isFinite(value);
    if (!valid || value < minimum) throw new Error(`--${name} must be a ${whole ? 'whole ' : ''}number ≥ ${minimum}, not ${text(name)}.`);
    return value;
  };
  return {
    text,
    number: (name, minimum = 1) => checked(name, minimum, false),
    integer: (name, minimum = 1) => checked(name, minimum, true),
  };
}
