/**
 * The load generator, run as a child process of the FHIR benchmark so that it shares an event
 * loop with neither the servers it measures nor the orchestration. It receives a
 * {@link LoadPhase} over IPC, keeps `concurrency` keep-alive connections busy with GETs of paths
 * drawn at random from the phase's list, and answers with the latencies of the measured part.
 */
import { HttpConnection } from './http-connection';
import { runLoad, type LoadResult } from './load-runner';

export interface LoadPhase {
  port: number;
  /** Headers sent with every request (Authorization). */
  headers: Record<string, string>;
  /** Each request GETs one of these, chosen uniformly at random. */
  paths: string[];
  concurrency: number;
  warmUpMilliseconds: number;
  /** The measured part follows the warm-up on the same connections. */
  measureMilliseconds: number;
}

export interface PhaseResult extends LoadResult {
  /** Responses of the measured part by HTTP status. */
  statuses: Record<number, number>;
  /** Response body bytes of the measured part. */
  bodyBytes: number;
}

export type GeneratorMessage = { kind: 'result'; result: PhaseResult } | { kind: 'error'; message: string };

/** Where in the phase a request falls, so warm-up requests are not counted. */
interface Tally {
  statuses: Record<number, number>;
  bodyBytes: number;
}

async function runPhase(phase: LoadPhase, stop: AbortSignal): Promise<PhaseResult> {
  const connections = await Promise.all(
    Array.from({ length: phase.concurrency }, () => HttpConnection.open('127.0.0.1', phase.port, phase.headers)),
  );
  try {
    let tally: Tally = { statuses: {}, bodyBytes: 0 };
    const request = async (_index: number, worker: number) => {
      const path = phase.paths[Math.floor(Math.random() * phase.paths.length)]!;
      const response = await connections[worker]!.get(path);
      tally.statuses[response.status] = (tally.statuses[response.status] ?? 0) + 1;
      tally.bodyBytes += response.body.length;
    };
    const plan = { concurrency: phase.concurrency, maxOperations: Infinity, stop };
    await runLoad({ ...plan, maxMilliseconds: phase.warmUpMilliseconds }, request);
    tally = { statuses: {}, bodyBytes: 0 };
    const measured = await runLoad({ ...plan, maxMilliseconds: phase.measureMilliseconds }, request);
    return { ...measured, ...tally };
  } finally {
    for (const connection of connections) connection.close();
  }
}

function main(): void {
  const controller = new AbortController();
  // Ctrl-C reaches the whole process group: end the running phase; the parent decides the rest.
  process.on('SIGINT', () => controller.abort());
  process.on('disconnect', () => process.exit(0));
  process.on('message', (phase: LoadPhase) => {
    runPhase(phase, controller.signal).then(
      (result) => send({ kind: 'result', result }),
      (error: unknown) => send({ kind: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
  });
}

function send(message: GeneratorMessage): void {
  process.send?.(message);
}

main();
