import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startBot, type BotHandle, type StartBotOptions } from '../runtime/start-bot';

export const TEST_TOKEN = 'test-token-0123456789abcdef';

export interface TestBot extends BotHandle {
  dataDir: string;
  logs: string[];
  api(path: string, init?: RequestInit & { json?: unknown; token?: string | null }): Promise<Response>;
}

/** A bot on an ephemeral loopback port with a fresh data dir and the embedded simulator. */
export async function startTestBot(
  env: Record<string, string> = {},
  dataDir?: string,
  opts: Pick<StartBotOptions, 'venueStandIns' | 'clock' | 'backtestRunner'> = {},
): Promise<TestBot> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'aurora-bot-'));
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  const bot = await startBot({
    env: { AURORA_PORT: '0', AURORA_DATA_DIR: dir, AURORA_API_TOKEN: TEST_TOKEN, AURORA_SIM_TICK_MS: '250', ...env },
    logLevel: 'debug',
    logDestination: sink,
    ...opts,
  });
  const api: TestBot['api'] = (path, init = {}) => {
    const headers = new Headers(init.headers);
    const token = init.token === undefined ? bot.token : init.token;
    if (token) headers.set('authorization', `Bearer ${token}`);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    return fetch(`${bot.url}${path}`, { ...init, headers, body });
  };
  return Object.assign(bot, { dataDir: dir, logs, api });
}
