import { ManualClock } from '@aurora/core';
import { SimExchange } from '@aurora/exchange-sim';
import type { CandleSeries } from '@aurora/history';
import { CandleReplay, InProcessVenue, runBacktest, syntheticSeries } from '@aurora/backtest';
import { withBaseline, type BenchResult } from './bench-result';

const YEAR_MINUTES = 525_600;
const START = Date.UTC(2024, 0, 1);
const DAY_MS = 86_400_000;
/** The kernel cannot replay a year in a bench run yet (see the note): it replays this many days. */
const KERNEL_DAYS = Math.max(1, Number(process.env.AURORA_BENCH_BACKTEST_DAYS ?? 1));
const TARGET_MS = 1_000;

/** The physical floor: one pass reading every candle's time and prices, nothing else. */
export function bareLoop(s: CandleSeries): number {
  const open = s.numbers('open');
  const high = s.numbers('high');
  const low = s.numbers('low');
  const close = s.numbers('close');
  const volume = s.numbers('volume');
  let checksum = 0;
  for (let i = 0; i < s.length; i++)
    checksum += s.openTime[i]! * 1e-12 + open[i]! + high[i]! - low[i]! + close[i]! + volume[i]!;
  return checksum;
}

/** The venue and the replay alone (no kernel listening): what the backtest's own plumbing costs. */
async function replayOnly(s: CandleSeries): Promise<number> {
  const clock = new ManualClock(START);
  const sim = new SimExchange({ seed: 1, symbols: [s.symbol], clock, historyCandles: 0 });
  const venue = new InProcessVenue({ sim, balances: { USDT: '10000' } });
  await venue.start();
  let klines = 0;
  venue.onMarketEvent((e) => {
    if (e.kind === 'kline') klines++;
  });
  const replay = new CandleReplay({
    sim,
    venue,
    series: [s],
    from: START,
    to: Infinity,
    advanceTo: (t) => clock.set(t),
    settle: () => Promise.resolve(),
  });
  replay.prime();
  await replay.run();
  return klines;
}

const time = async (fn: () => unknown): Promise<number> => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};

/**
 * Issue 12 §6 "Backtest throughput": a year of one symbol's 1m candles (525,600, the simulator's
 * synthetic market) through the backtest, against a bare loop over the same candles.
 */
export async function runBacktestBench(): Promise<BenchResult[]> {
  const [series] = syntheticSeries(['BTCUSDT'], START, YEAR_MINUTES, 7);
  if (!series) throw new Error('no synthetic series');
  let sink = 0;
  const bareMs = Math.min(...(await Promise.all([0, 1, 2].map(() => time(() => (sink += bareLoop(series)))))));
  if (sink === 0) throw new Error('the bare loop read nothing');
  const replayMs = await time(() => replayOnly(series));
  const perSecond = (ms: number) => Math.round(YEAR_MINUTES / (ms / 1000));
  const run = await runBacktest({
    strategy: 'ema-cross',
    symbols: ['BTCUSDT'],
    from: START,
    to: START + KERNEL_DAYS * DAY_MS,
    balance: '10000',
    data: { synthetic: { days: KERNEL_DAYS, seed: 7 } },
    seed: 7,
  });
  const kernelPerCandle = run.wallMs / run.candles;
  const yearMs = kernelPerCandle * YEAR_MINUTES;
  return [
    {
      ...withBaseline(
        {
          name: 'backtest.year_1m',
          value: yearMs,
          unit: 'ms',
          note:
            `EXTRAPOLATED from ${run.candles.toLocaleString('en-US')} candles (${KERNEL_DAYS} d, AURORA_BENCH_BACKTEST_DAYS) ` +
            `through runBacktest with ema-cross (kernel, pipeline, fills, risk): ${Math.round(run.candles / (run.wallMs / 1000)).toLocaleString('en-US')} candles/s, ` +
            `${run.trades.length} trades; the kernel's 1 s tick runs 60 times per candle`,
        },
        'backtest.bare_loop',
        bareMs,
      ),
      target: { text: `≤ ${TARGET_MS} ms`, met: yearMs <= TARGET_MS },
    },
    {
      name: 'backtest.bare_loop',
      value: bareMs,
      unit: 'ms',
      note: `${YEAR_MINUTES.toLocaleString('en-US')} candles read (time, OHLCV floats): ${perSecond(bareMs).toLocaleString('en-US')} candles/s, best of 3`,
    },
    withBaseline(
      {
        name: 'backtest.replay_venue_1y_1m',
        value: replayMs,
        unit: 'ms',
        note: `in-process venue + candle replay, no kernel: ${perSecond(replayMs).toLocaleString('en-US')} candles/s`,
      },
      'backtest.bare_loop',
      bareMs,
    ),
  ];
}
