import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TEST_TOKEN } from '../testing/bot-harness';
import { waitFor } from './wait-for';

const REPO_ROOT = resolve(import.meta.dirname, '../../../..');
/**
 * tsx's loader in the bot's own process. Not tsx's CLI: that runs the script in a child process
 * of its own, so a SIGKILL to the pid we hold would kill only the wrapper and leave the bot alive.
 */
const TSX_LOADER = pathToFileURL(join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const MAIN = join(REPO_ROOT, 'apps/bot/src/main.ts');

/** The bot as a real child process (`node --import tsx apps/bot/src/main.ts`), as an operator runs it. */
export interface BotProcess {
  child: ChildProcess;
  url: string;
  /** Every stdout/stderr line so far (banner and JSON log lines). */
  lines: string[];
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
  kill(signal: NodeJS.Signals): void;
}

/**
 * Start the bot and wait until its API answers. The port is ephemeral: we read it from the
 * banner's "Dashboard:" line. The child inherits no AURORA_* / BINANCE_* variable of ours.
 */
export async function startBotProcess(dataDir: string, env: Record<string, string>): Promise<BotProcess> {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('AURORA_') && !k.startsWith('BINANCE_')) base[k] = v;
  }
  const child = spawn(process.execPath, ['--import', TSX_LOADER, MAIN], {
    cwd: REPO_ROOT,
    env: {
      ...base,
      AURORA_PORT: '0',
      AURORA_DATA_DIR: dataDir,
      AURORA_API_TOKEN: TEST_TOKEN,
      AURORA_LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const collect = (chunk: Buffer) =>
    lines.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((l) => l.length > 0),
    );
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | string>((done) =>
    child.once('exit', (code, signal) => done(code ?? signal ?? 'unknown')),
  );
  let ended = false;
  void exited.then(() => (ended = true));
  const url = await waitFor(
    () => {
      if (ended) throw new Error(`the bot exited during start-up:\n${lines.slice(-20).join('\n')}`);
      const banner = lines.find((l) => l.includes('Dashboard:'));
      return banner ? /(http:\/\/\S+?)\/?$/.exec(banner.trim())?.[1] : undefined;
    },
    { timeoutMs: 20_000, what: 'the bot banner' },
  );
  const api: BotProcess['api'] = (path, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${TEST_TOKEN}`);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    return fetch(`${url}${path}`, { ...init, headers, body });
  };
  return { child, url, lines, api, exited, kill: (signal) => void child.kill(signal) };
}

/** SIGKILL (no chance to clean up, as a power cut) and wait until the process is gone. */
export async function killHard(bot: BotProcess): Promise<void> {
  if (bot.child.exitCode === null && bot.child.signalCode === null) bot.kill('SIGKILL');
  await bot.exited;
}
