import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

export const REDIS_SERVER = '/usr/bin/redis-server';

/**
 * The Redis tests need Debian's redis-server (`.ci/run` installs it). Without it they fail with
 * this message; on a developer machine AURORA_SKIP_REDIS=1 skips them instead (never in CI).
 */
export function redisAvailability(): 'present' | 'skip' {
  if (existsSync(REDIS_SERVER)) return 'present';
  if (process.env.AURORA_SKIP_REDIS === '1' && process.env.CI !== 'true') return 'skip';
  return 'present';
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });

export interface RedisProcess {
  url: string;
  stop(): Promise<void>;
}

/** A throwaway redis-server on a free loopback port, nothing saved to disk. */
export async function startRedis(): Promise<RedisProcess> {
  if (!existsSync(REDIS_SERVER))
    throw new Error(
      `${REDIS_SERVER} is missing: install Debian's redis-server (apt-get install redis-server; .ci/run does) ` +
        'or set AURORA_SKIP_REDIS=1 on a machine without it',
    );
  const port = await freePort();
  const child: ChildProcess = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', '/tmp'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`redis-server did not start on ${port}:\n${log}`)),
      10_000,
    );
    child.stdout?.on('data', (d: Buffer) => {
      log += d.toString();
      if (log.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}):\n${log}`));
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
