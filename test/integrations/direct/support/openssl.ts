import { execFileSync } from 'node:child_process';

/** Runs the `openssl` CLI (the independent peer of the Direct tests); throws with its stderr on failure. */
export function openssl(args: string[], options: { cwd: string; input?: Uint8Array | string; env?: Record<string, string> }): Buffer {
  try {
    return execFileSync('openssl', args, {
      cwd: options.cwd,
      input: options.input,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`openssl ${args.join(' ')} failed: ${stderr}`);
  }
}
