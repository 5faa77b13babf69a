import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  runBacktest,
  tradeHash,
  type BacktestOptions,
  type BacktestRunData,
  type BacktestTrade,
} from '@aurora/backtest';
import { expectBooksClean } from './books-audit';
import { runLivePath, type LiveReplayRun } from './live-replay';

/*
 * Issue 12 §5, parity proven: the same candles through the live path (the real bot and the
 * simulator's server over loopback, realistic profile, the backtest's CandleReplay driving the
 * venue on a clock set point by point, in lock-step) and through the backtest (runBacktest: the
 * same kernel in-process on a virtual clock) give the same closed trades and the same trade hash.
 *
 * CI runs a short window (12 hours of seeded synthetic 1m candles, ~20 s). A longer one on demand
 * (AURORA_PARITY_DAYS, or AURORA_PARITY_HOURS; 40-100 s per day of candles on 2 cores, by load):
 *   AURORA_PARITY_DAYS=30 npx vitest run --project unit apps/bot/src/integration/parity.test.ts --maxWorkers=1
 * AURORA_PARITY_SEED picks another synthetic market; the venue's seed follows it.
 *
 * The config fixes what runs on a timer rather than on market events: the live bot's timers are
 * Node's (real time) while the backtest's run on the virtual clock, so a rule that fires on the
 * 1 s tick — a LIMIT entry's timeout, a holding-time exit — would fire at different market times
 * on the two paths. Entries are MARKET and the holding time is longer than the window; stops,
 * targets and trailing stops are judged on every price point, identically on both.
 */

const HOUR_MS = 3_600_000;
const FROM = Date.UTC(2024, 0, 1);

const envInt = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return n;
};

const hours = process.env.AURORA_PARITY_DAYS
  ? envInt('AURORA_PARITY_DAYS', 1) * 24
  : envInt('AURORA_PARITY_HOURS', 12);
const seed = envInt('AURORA_PARITY_SEED', 7);
const onDemand = Boolean(
  process.env.AURORA_PARITY_DAYS || process.env.AURORA_PARITY_HOURS || process.env.AURORA_PARITY_SEED,
);

const options: BacktestOptions = {
  strategy: 'ema-cross',
  symbols: ['BTCUSDT'],
  from: FROM,
  to: FROM + hours * HOUR_MS,
  balance: '10000',
  data: { synthetic: { days: Math.ceil(hours / 24), seed } },
  seed,
  config: {
    execution: { entry_order_type: 'MARKET' },
    strategy: { max_holding_min: 100_000 },
  },
};

let backtest: BacktestRunData;
let live: LiveReplayRun;

beforeAll(
  async () => {
    backtest = await runBacktest(options);
    live = await runLivePath(options);
  },
  60_000 + hours * 10_000,
);

afterAll(async () => {
  await live?.close();
});

const fields = (t: BacktestTrade) => {
  const { id: _id, ...rest } = t;
  return rest;
};

describe('parity: the live path and the backtest trade alike', () => {
  it('the window trades enough to prove something, and the live path really ran it', () => {
    expect(backtest.trades.length, 'closed trades in the backtest').toBeGreaterThanOrEqual(3);
    // Every minute publishes at least its close and its kline; lock-step waited after each.
    expect(live.published).toBeGreaterThanOrEqual(2 * hours * 60);
    expect(live.waits).toBeGreaterThanOrEqual(live.published);
  });

  it('closes the same trades, field by field', () => {
    const n = Math.max(live.trades.length, backtest.trades.length);
    for (let i = 0; i < n; i++) {
      expect(live.trades[i] && fields(live.trades[i]!), `trade ${i + 1} (live vs backtest)`).toEqual(
        backtest.trades[i] && fields(backtest.trades[i]!),
      );
    }
    expect(live.trades).toHaveLength(backtest.trades.length);
  });

  it('has the same trade hash', () => {
    expect(tradeHash(live.trades)).toBe(tradeHash(backtest.trades));
    if (onDemand)
      console.info(
        `parity over ${hours} h: ${backtest.trades.length} trades, hash ${tradeHash(backtest.trades)}; ` +
          `live path: ${live.published} messages (${live.resent} said again after a reconnect), ${live.waits} lock-step waits`,
      );
  });

  it("ends with the bot's books agreeing with the venue's", async () => {
    await expectBooksClean(live.bot.api, { sim: live.venue });
  });
});
