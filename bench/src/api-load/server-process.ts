import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');
/** tsx's loader inside the child itself, so the pid we hold is the server's (not a tsx wrapper). */
export const TSX_ARGS = ['--import', pathToFileURL(join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs')).href];

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** The first stdout lines, up to and including the ready line. */
  output: string[];
  /** Spawn → the ready line on stdout, in ms. */
  startupMs: number;
  /** Resident set size of the child now, in MB (Linux /proc; null elsewhere). */
  rssMb(): number | null;
  stop(): Promise<void>;
}

/** VmRSS of a process from /proc (kB → MB). */
export function rssMbOf(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : null;
  } catch {
    return null;
  }
}

/**
 * Start a server as a child process and wait for the line that names its URL. The child gets
 * none of our AURORA_* / BINANCE_* variables, only `env`.
 */
export function startServerProcess(
  args: string[],
  env: Record<string, string>,
  readyUrl: RegExp,
  timeoutMs = 60_000,
): Promise<ServerProcess> {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('AURORA_') && !k.startsWith('BINANCE_')) base[k] = v;
  }
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const output: string[] = [];
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return new Promise((resolveStart, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${tail.join('\n')}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        tail.push(line);
        if (tail.length > 30) tail.shift();
        if (output.length < 100) output.push(line);
        const url = readyUrl.exec(line)?.[1];
        if (url === undefined) continue;
        clearTimeout(timer);
        const startupMs = Number(process.hrtime.bigint() - t0) / 1e6;
        resolveStart({
          child,
          url,
          output,
          startupMs,
          rssMb: () => (child.pid === undefined ? null : rssMbOf(child.pid)),
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
            await exited;
            clearTimeout(force);
          },
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => tail.push(c.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited during start-up (code ${code}):\n${tail.join('\n')}`));
    });
  });
}
