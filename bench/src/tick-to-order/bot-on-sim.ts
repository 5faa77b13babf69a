import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startBot, type BotHandle } from '@aurora/bot';
import { startSimServer, type SimServer } from '@aurora/exchange-sim';

/** The bot never became ready to trade against the bench's simulator. */
export class BenchSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BenchSetupError';
  }
}

export interface BotOnSim {
  sim: SimServer;
  bot: BotHandle;
  dataDir: string;
  close(): Promise<void>;
}

/** Poll (every 10 ms, never spinning) until `done` holds or the deadline passes. */
export async function waitUntil(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline)
      throw new BenchSetupError(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

/**
 * The simulator on loopback with a frozen market (no feed ticks: the bench supplies every market
 * event), generous order-rate limits (a sample is one order), and the real bot started against
 * it as an external venue — fresh data dir on disk, silent logs, one symbol, no daily-trade cap
 * in the way, no reconcile pass during the run.
 */
export async function startBotOnSim(symbol: string): Promise<BotOnSim> {
  const sim = await startSimServer({
    port: 0,
    seed: 7,
    symbols: [symbol],
    feed: { kind: 'synthetic', tickMs: 0 },
    rateLimits: { ordersPer10s: 1_000_000, requestWeightPerMinute: 1_000_000 },
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'aurora-bench-'));
  const cleanUp = async (): Promise<void> => {
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  let bot: BotHandle;
  try {
    writeFileSync(
      join(dataDir, 'runtime_config.json'),
      JSON.stringify({
        symbols: [symbol],
        risk: { max_daily_trades: 10_000 },
        reconcile: { interval_s: 3_600 },
      }),
    );
    const { apiKey, apiSecret } = sim.createAccount();
    bot = await startBot({
      env: {
        AURORA_PORT: '0',
        AURORA_HOST: '127.0.0.1',
        AURORA_DATA_DIR: dataDir,
        AURORA_API_TOKEN: randomBytes(24).toString('hex'),
        AURORA_SIM_URL: sim.restUrl,
        AURORA_SIM_API_KEY: apiKey,
        AURORA_SIM_API_SECRET: apiSecret,
      },
      logLevel: 'silent',
    });
  } catch (err) {
    await cleanUp();
    throw err;
  }
  const close = async (): Promise<void> => {
    try {
      await bot.close();
    } finally {
      await cleanUp();
    }
  };
  try {
    await waitUntil(() => bot.ctx.state.ready, 15_000, 'the start-up reconcile');
  } catch (err) {
    await close();
    throw err;
  }
  return { sim, bot, dataDir, close };
}
