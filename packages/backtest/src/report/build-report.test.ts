import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BacktestReport } from '@aurora/contracts';
import type { BacktestRunData, BacktestTrade } from '../run-data';
import { buildBacktestReport } from './build-report';
import { syntheticRunData } from './run-data.fixture';

const H = 3_600_000;
const D = 24 * H;
const T0 = Date.UTC(2024, 0, 1);

const trade = (over: Partial<BacktestTrade>): BacktestTrade => ({
  id: 'x',
  symbol: 'BTCUSDT',
  strategy: 'ema-cross',
  entryTime: T0,
  exitTime: T0 + H,
  entryPrice: '100',
  exitPrice: '101',
  qty: '1',
  pnl: '0',
  fees: '0',
  exitReason: 'TAKE_PROFIT',
  ...over,
});

/** Three days, 1000 → 1100 → 990 → 1089: daily returns +10 %, −10 %, +10 %. */
const handRun = (): BacktestRunData => ({
  strategy: 'ema-cross',
  params: { fast: 12 },
  symbols: ['BTCUSDT', 'ETHUSDT'],
  interval: '1m',
  from: T0,
  to: T0 + 3 * D,
  startBalance: '1000',
  quoteAsset: 'USDT',
  dataSource: 'synthetic:days=3,seed=1',
  trades: [
    trade({ id: 'a', entryTime: T0 + 3 * H, exitTime: T0 + 4 * H, pnl: '0', fees: '1' }),
    trade({ id: 'b', entryTime: T0 + H, exitTime: T0 + 5 * H, pnl: '120', fees: '2' }),
    trade({ id: 'c', symbol: 'ETHUSDT', entryTime: T0 + 26 * H, exitTime: T0 + 27 * H, pnl: '-30.00', fees: '1' }),
  ],
  equity: [
    { t: T0 + D, equity: '1100' },
    { t: T0 + 2 * D, equity: '990' },
    { t: T0 + 3 * D, equity: '1089' },
  ],
  prices: { BTCUSDT: [{ t: T0, close: 100 }], ETHUSDT: [{ t: T0, close: 10 }] },
  gateBlocks: { risk: 3, spread: 1 },
  decisions: { total: 7, allowed: 3 },
  breakerTrips: 1,
  candles: 8640,
  wallMs: 200,
  openAtEnd: 0,
});

describe('buildBacktestReport on a hand-computed run', () => {
  const r = buildBacktestReport(handRun());

  it('parses as the contract', () => {
    expect(BacktestReport.parse(r)).toEqual(r);
  });

  it('returns, drawdown and the annualised ratios (365 days, risk-free 0)', () => {
    expect(r.start_balance).toBe('1000');
    expect(r.end_equity).toBe('1089');
    expect(r.net_profit).toBe('89');
    expect(r.total_return_pct).toBeCloseTo(8.9, 10);
    expect(r.max_drawdown).toBe('110');
    expect(r.max_drawdown_pct).toBeCloseTo(10, 10);
    // mean 1/30, sample sd √(0.04/3), × √365
    expect(r.sharpe).toBeCloseTo((1 / 30 / Math.sqrt(0.04 / 3)) * Math.sqrt(365), 9);
    expect(r.sharpe).toBeCloseTo(5.5151, 3);
    // downside deviation √(0.01 / 3)
    expect(r.sortino).toBeCloseTo((1 / 30 / Math.sqrt(0.01 / 3)) * Math.sqrt(365), 9);
    expect(r.sortino).toBeCloseTo(11.0303, 3);
    const cagr = (Math.pow(1.089, 365 / 3) - 1) * 100;
    expect(r.cagr_pct).toBeCloseTo(cagr, 6);
    expect(r.calmar).toBeCloseTo(cagr / 10, 6);
  });

  it('trade figures: a zero trade is neither win nor loss', () => {
    expect(r.trades).toEqual({
      count: 3,
      wins: 1,
      losses: 1,
      win_rate_pct: expect.closeTo(100 / 3, 10),
      profit_factor: 4,
      expectancy: '30',
      avg_win: '120',
      avg_loss: '-30',
      gross_profit: '120',
      gross_loss: '30',
      open_at_end: 0,
    });
    expect(r.fees).toBe('4');
  });

  it('exposure counts overlapping trades once: 5 h of 72 h', () => {
    expect(r.exposure_pct).toBeCloseTo((5 / 72) * 100, 10);
  });

  it('monthly table, counters and throughput', () => {
    expect(r.monthly_returns).toEqual([{ month: '2024-01', return_pct: expect.closeTo(8.9, 10), pnl: '89' }]);
    expect(r.gate_blocks).toEqual({ risk: 3, spread: 1 });
    expect(r.decisions).toEqual({ total: 7, allowed: 3 });
    expect(r.breaker_trips).toBe(1);
    expect(r.candles_per_sec).toBe(43_200);
    expect(r.trade_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('undefined ratios are null, never Infinity or NaN', () => {
    const flat = buildBacktestReport({ ...handRun(), trades: [], equity: [], wallMs: 0 });
    expect(flat.sharpe).toBeNull();
    expect(flat.sortino).toBeNull();
    expect(flat.calmar).toBeNull();
    expect(flat.trades.win_rate_pct).toBeNull();
    expect(flat.trades.profit_factor).toBeNull();
    expect(flat.candles_per_sec).toBeNull();
    expect(flat.max_drawdown_pct).toBe(0);
    expect(flat.total_return_pct).toBe(0);
    expect(JSON.parse(JSON.stringify(flat))).toEqual(flat);
  });

  it('months split at UTC month starts and compound to the total return', () => {
    const from = Date.UTC(2024, 0, 15);
    const run: BacktestRunData = {
      ...handRun(),
      from,
      to: Date.UTC(2024, 2, 10),
      equity: [
        { t: Date.UTC(2024, 0, 31, 23), equity: '1100' },
        { t: Date.UTC(2024, 1, 1), equity: '1210' }, // 00:00 on the 1st belongs to February
        { t: Date.UTC(2024, 2, 5), equity: '605' },
      ],
    };
    const rep = buildBacktestReport(run);
    expect(rep.monthly_returns.map((m) => [m.month, m.pnl])).toEqual([
      ['2024-01', '100'],
      ['2024-02', '110'],
      ['2024-03', '-605'],
    ]);
    expect(rep.monthly_returns.map((m) => m.return_pct)).toEqual([expect.closeTo(10, 9), expect.closeTo(10, 9), expect.closeTo(-50, 9)]);
    expect(rep.total_return_pct).toBeCloseTo(-39.5, 9);
    expect(rep.max_drawdown_pct).toBeCloseTo(50, 9);
  });
});

const H_STEPS = 48;
const curveArb = fc.array(fc.integer({ min: -500, max: 500 }), { minLength: 1, maxLength: H_STEPS });
const runFromSteps = (steps: number[], monotone: boolean): BacktestRunData => {
  let eq = 10_000;
  const equity = steps.map((s, i) => {
    eq = Math.max(1, eq + (monotone ? Math.abs(s) : s));
    return { t: T0 + (i + 1) * H, equity: String(eq) };
  });
  return { ...handRun(), to: T0 + (steps.length + 1) * H, startBalance: '10000', equity, trades: [] };
};

const tradeArb = fc.record({
  pnl: fc.integer({ min: -10_000, max: 10_000 }).map((c) => (c / 100).toFixed(2)),
  fees: fc.integer({ min: 0, max: 500 }).map((c) => (c / 100).toFixed(2)),
  start: fc.integer({ min: 0, max: 60 }),
  len: fc.integer({ min: 1, max: 20 }),
});

describe('report properties', () => {
  it('a curve that never falls has no drawdown', () => {
    fc.assert(
      fc.property(curveArb, (steps) => {
        const r = buildBacktestReport(runFromSteps(steps, true));
        expect(r.max_drawdown).toBe('0');
        expect(r.max_drawdown_pct).toBe(0);
      }),
    );
  });

  it('max drawdown is between 0 and 100 % and never exceeds the peak', () => {
    fc.assert(
      fc.property(curveArb, (steps) => {
        const r = buildBacktestReport(runFromSteps(steps, false));
        expect(r.max_drawdown_pct).toBeGreaterThanOrEqual(0);
        expect(r.max_drawdown_pct).toBeLessThanOrEqual(100);
        expect(Number(r.max_drawdown)).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('win rate, profit factor and expectancy agree with the trades', () => {
    fc.assert(
      fc.property(fc.array(tradeArb, { maxLength: 30 }), (specs) => {
        const trades = specs.map((s, i) =>
          trade({ id: `t${i}`, pnl: s.pnl, fees: s.fees, entryTime: T0 + s.start * H, exitTime: T0 + (s.start + s.len) * H }),
        );
        const r = buildBacktestReport({ ...handRun(), to: T0 + 100 * H, trades });
        const pnls = specs.map((s) => Number(s.pnl));
        const wins = pnls.filter((p) => p > 0);
        const losses = pnls.filter((p) => p < 0);
        expect(r.trades.count).toBe(trades.length);
        expect(r.trades.wins).toBe(wins.length);
        expect(r.trades.losses).toBe(losses.length);
        if (trades.length === 0) expect(r.trades.win_rate_pct).toBeNull();
        else expect(r.trades.win_rate_pct).toBeCloseTo((wins.length / trades.length) * 100, 9);
        const gp = wins.reduce((a, b) => a + b, 0);
        const gl = -losses.reduce((a, b) => a + b, 0);
        if (gl === 0) expect(r.trades.profit_factor).toBeNull();
        else expect(r.trades.profit_factor).toBeCloseTo(gp / gl, 9);
        expect(Number(r.trades.gross_profit)).toBeCloseTo(gp, 6);
        if (trades.length > 0) expect(Number(r.trades.expectancy)).toBeCloseTo((gp - gl) / trades.length, 6);
        expect(r.exposure_pct).toBeGreaterThanOrEqual(0);
        expect(r.exposure_pct).toBeLessThanOrEqual(100);
      }),
    );
  });

  it('is a pure function: same input, same report; the input is left as it was', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000 }), fc.integer({ min: 1, max: 5 }), (seed, days) => {
        const data = syntheticRunData({ from: T0, to: T0 + days * D, seed, symbols: ['BTCUSDT', 'ETHUSDT'] });
        const copy = structuredClone(data);
        const a = buildBacktestReport(data);
        expect(data).toEqual(copy);
        expect(JSON.stringify(buildBacktestReport(copy))).toBe(JSON.stringify(a));
      }),
      { numRuns: 15 },
    );
  });

  it('monthly returns compound to the total return', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000 }), (seed) => {
        const data = syntheticRunData({ from: Date.UTC(2024, 0, 20), to: Date.UTC(2024, 3, 3), seed });
        const r = buildBacktestReport(data);
        const compounded = r.monthly_returns.reduce((acc, m) => acc * (1 + m.return_pct / 100), 1);
        expect((compounded - 1) * 100).toBeCloseTo(r.total_return_pct, 6);
      }),
      { numRuns: 5 },
    );
  });
});
