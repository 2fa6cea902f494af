import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * Starts `bench/<module>` in its own Node process (TypeScript through tsx), with an IPC channel
 * that carries typed arrays, and `nodeOptions` (e.g. `--cpu-prof`) for its Node. Its output goes to
 * this process's output.
 */
export function forkBenchModule(module: string, args: string[] = [], nodeOptions: string[] = []): ChildProcess {
  return fork(fileURLToPath(new URL(module, import.meta.url)), args, {
    execArgv: ['--import', 'tsx', ...nodeOptions],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** The next IPC message of the child; rejects if the child exits first. */
export function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      child.off('exit', onExit);
      resolve(message as T);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      child.off('message', onMessage);
      reject(new Error(`the child process ended (${signal ?? `exit code ${code}`}) before answering`));
    };
    child.once('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Asks the child to end (SIGTERM) and waits for it, killing it if it takes too long. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** A TCP port on loopback that nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port was assigned');
  return address.port;
}
