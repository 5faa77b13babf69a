import { Dec } from '@aurora/core';
import type { BacktestRunData, BacktestTrade } from '../run-data';

/**
 * Test material, not product: a runner-shaped function that walks seeded 1-minute candles and
 * books trades with a plain momentum rule (enter on an hourly rise, leave at +2 % / −1.5 % or after
 * a day). Deterministic for a given input, so reports and hashes built from it can be asserted.
 */
export interface SyntheticRunOptions {
  strategy?: string;
  params?: Record<string, unknown>;
  symbols?: string[];
  from: number;
  to: number;
  balance?: string;
  seed?: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const FEE_RATE = new Dec('0.001');
const MAX_PRICE_POINTS = 2_000;
const START_PRICE: Record<string, number> = { BTCUSDT: 42_000, ETHUSDT: 2_300, BNBUSDT: 310, SOLUSDT: 95 };

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Open {
  entryTime: number;
  entry: Dec;
  qty: Dec;
}

export function syntheticRunData(
  opts: SyntheticRunOptions,
  onProgress: (done: number, total: number) => void = () => {},
): BacktestRunData {
  const symbols = opts.symbols ?? ['BTCUSDT'];
  const strategy = opts.strategy ?? 'ema-cross';
  const rand = mulberry32(opts.seed ?? 7);
  const startBalance = new Dec(opts.balance ?? '10000');
  const from = Math.floor(opts.from / MINUTE) * MINUTE;
  const minutes = Math.max(0, Math.floor((opts.to - from) / MINUTE));
  const price = symbols.map((s) => START_PRICE[s] ?? 50);
  const hourAgo = [...price];
  const drift = symbols.map(() => 0);
  const open: Array<Open | null> = symbols.map(() => null);
  const trades: BacktestTrade[] = [];
  const equity: BacktestRunData['equity'] = [];
  const every = Math.max(1, Math.ceil(minutes / MAX_PRICE_POINTS));
  const prices: BacktestRunData['prices'] = Object.fromEntries(symbols.map((s) => [s, []]));
  const gateBlocks: Record<string, number> = {};
  let cash = startBalance;
  let decisions = 0;
  let allowed = 0;
  let seq = 0;
  const mark = (): Dec =>
    open.reduce((acc, o, i) => (o ? acc.plus(o.qty.times(price[i]!.toFixed(2))) : acc), cash);

  for (let m = 0; m < minutes; m++) {
    const t = from + m * MINUTE;
    for (let i = 0; i < symbols.length; i++) {
      // A slow drift with volatility regimes: realistic enough to draw, cheap enough for tests.
      if (m % (5 * 1440) === 0) drift[i] = (rand() - 0.5) * 0.00006;
      const regime = drift[i]! + Math.sin((t / (75 * 24 * HOUR)) * Math.PI * 2 + i) * 0.000008;
      price[i] = price[i]! * (1 + regime + (rand() - 0.5) * 0.0016);
      const sym = symbols[i]!;
      if (m % every === 0) prices[sym]!.push({ t, close: Number(price[i]!.toFixed(2)) });
      const o = open[i];
      if (o) {
        const change = price[i]! / o.entry.toNumber() - 1;
        const reason = change >= 0.02 ? 'TAKE_PROFIT' : change <= -0.015 ? 'STOP_LOSS' : t - o.entryTime >= 24 * HOUR ? 'TIME_EXIT' : null;
        if (reason) {
          const px = new Dec(price[i]!.toFixed(2));
          const fees = o.qty.times(o.entry).times(FEE_RATE).plus(o.qty.times(px).times(FEE_RATE)).toDecimalPlaces(8);
          const gross = px.minus(o.entry).times(o.qty);
          cash = cash.plus(o.qty.times(px)).minus(o.qty.times(px).times(FEE_RATE).toDecimalPlaces(8));
          trades.push({
            id: `bt-${String(++seq).padStart(5, '0')}`,
            symbol: sym,
            strategy,
            entryTime: o.entryTime,
            exitTime: t,
            entryPrice: o.entry.toFixed(),
            exitPrice: px.toFixed(),
            qty: o.qty.toFixed(),
            pnl: gross.minus(fees).toFixed(),
            fees: fees.toFixed(),
            exitReason: reason,
          });
          open[i] = null;
          equity.push({ t, equity: mark().toFixed() });
        }
      }
      if (m % 60 === 0) {
        if (m > 0 && price[i]! > hourAgo[i]! * 1.004) {
          decisions++;
          const layer = open[i] ? 'position' : rand() < 0.25 ? (rand() < 0.5 ? 'spread' : 'risk') : null;
          if (layer) gateBlocks[layer] = (gateBlocks[layer] ?? 0) + 1;
          else {
            allowed++;
            const px = new Dec(price[i]!.toFixed(2));
            const qty = mark().times('0.2').div(px).toDecimalPlaces(5, Dec.ROUND_DOWN);
            const cost = qty.times(px);
            cash = cash.minus(cost).minus(cost.times(FEE_RATE).toDecimalPlaces(8));
            open[i] = { entryTime: t, entry: px, qty };
          }
        }
        hourAgo[i] = price[i]!;
      }
    }
    if (m % 60 === 0) equity.push({ t, equity: mark().toFixed() });
    if (m % 10_000 === 0) onProgress(m, minutes);
  }
  onProgress(minutes, minutes);
  return {
    strategy,
    params: opts.params ?? { fast: 12, slow: 26 },
    symbols,
    interval: '1m',
    from,
    to: from + minutes * MINUTE,
    startBalance: startBalance.toFixed(),
    quoteAsset: 'USDT',
    dataSource: `synthetic:days=${Math.round(minutes / 1440)},seed=${opts.seed ?? 7}`,
    trades,
    equity,
    prices,
    gateBlocks,
    decisions: { total: decisions, allowed },
    breakerTrips: trades.filter((t) => t.exitReason === 'STOP_LOSS').length > 20 ? 1 : 0,
    candles: minutes * symbols.length,
    wallMs: Math.round((minutes * symbols.length) / 400),
    openAtEnd: open.filter((o) => o !== null).length,
  };
}
