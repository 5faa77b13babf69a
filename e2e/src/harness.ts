import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { startBot, type BotHandle, type StartBotOptions } from '@aurora/bot';
import { API_PREFIX } from '@aurora/contracts';
import { launchBrowser, type E2eBrowser } from './browser';

/*
 * The shared e2e harness: one bot (embedded simulator, ephemeral port, fresh data dir), one
 * Chromium, a typed API client, and teardown of all three. It builds nothing: the root test
 * script builds the dashboard before the e2e project runs.
 */

export const E2E_TOKEN = 'e2e-token-0123456789abcdef';

/** The embedded simulator's admin API (loopback only). */
export interface SimAdmin {
  adminUrl: string;
  setPrice(symbol: string, price: string): Promise<void>;
  pauseFeed(paused: boolean): Promise<void>;
}

export interface BotApi {
  get<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>>;
  post<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.infer<S>>;
  raw(path: string, init?: { method?: string; json?: unknown; token?: string | null }): Promise<Response>;
}

export interface Stack {
  bot: BotHandle;
  url: string;
  token: string;
  api: BotApi;
  sim: SimAdmin | null;
  browser: E2eBrowser;
  close(): Promise<void>;
}

function createApi(baseUrl: string, token: string): BotApi {
  const raw: BotApi['raw'] = (path, init = {}) => {
    const headers: Record<string, string> = {};
    const bearer = init.token === undefined ? token : init.token;
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${baseUrl}${API_PREFIX}${path}`, {
      method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
      headers,
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
    });
  };
  const parse = async <S extends z.ZodType>(what: string, res: Response, schema: S): Promise<z.infer<S>> => {
    const body: unknown = await res.json();
    if (!res.ok) throw new Error(`${what} → HTTP ${res.status}: ${JSON.stringify(body)}`);
    return schema.parse(body);
  };
  return {
    raw,
    get: async (path, schema) => parse(`GET ${path}`, await raw(path), schema),
    post: async (path, body, schema) => parse(`POST ${path}`, await raw(path, { json: body }), schema),
  };
}

function createSimAdmin(adminUrl: string): SimAdmin {
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${adminUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`sim admin ${path} → HTTP ${res.status}: ${await res.text()}`);
  };
  return {
    adminUrl,
    setPrice: (symbol, price) => post('/price', { symbol, price }),
    pauseFeed: (paused) => post('/feed', { paused }),
  };
}

/** The embedded simulator's admin API, when the bot runs one (null against testnet or an external sim). */
function simOf(bot: BotHandle): SimAdmin | null {
  const sim = bot.runtime.venue?.sim ?? null;
  return sim ? createSimAdmin(sim.adminUrl) : null;
}

export async function startStack(
  env: Record<string, string> = {},
  opts: Pick<StartBotOptions, 'backtestRunner'> & {
    /** Writes files into the data dir before the bot starts (a research.db, say). */
    prepareDataDir?: (dataDir: string) => void;
  } = {},
): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'aurora-e2e-data-'));
  const { prepareDataDir, ...botOpts } = opts;
  prepareDataDir?.(dataDir);
  const bot = await startBot({
    env: {
      AURORA_PORT: '0',
      AURORA_HOST: '127.0.0.1',
      AURORA_DATA_DIR: dataDir,
      AURORA_API_TOKEN: E2E_TOKEN,
      AURORA_LIVE_ENABLED: 'false',
      ...env,
    },
    logLevel: 'silent',
    ...botOpts,
  });
  let browser: E2eBrowser;
  try {
    browser = await launchBrowser();
  } catch (err) {
    await bot.close({ graceful: false });
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    bot,
    url: bot.url,
    token: bot.token,
    api: createApi(bot.url, bot.token),
    sim: simOf(bot),
    browser,
    async close() {
      try {
        await browser.close();
      } finally {
        await bot.close({ graceful: false });
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/** Polls `probe` until it returns a value (not undefined) or the time is up. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
