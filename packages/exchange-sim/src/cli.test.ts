import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('sim CLI', () => {
  it('prints its URLs and a ready API key, serves, and stops cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, 'cli.ts'),
        '--port',
        '0',
        '--history',
        '5',
        '--symbols',
        'BTCUSDT,ethusdt',
      ],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`CLI did not start: ${out}`)), 15_000);
      child.stdout.on('data', () => {
        if (out.includes('API secret')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const restBase = /REST\s+(http:\/\/127\.0\.0\.1:\d+)\/api\/v3/.exec(out)![1]!;
    expect(out).toMatch(/WS API\s+ws:\/\/127\.0\.0\.1:\d+\/ws-api\/v3/);
    expect(out).toMatch(/API key\s+[A-Za-z0-9]{64}/);
    expect(out).toContain('symbols BTCUSDT,ETHUSDT');
    expect(await (await fetch(`${restBase}/api/v3/ping`)).json()).toEqual({});
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
