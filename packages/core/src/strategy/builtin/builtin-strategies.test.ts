import { describe, expect, it } from 'vitest';
import { defaultRuntimeConfig } from '@aurora/contracts';
import { SignalEnsemble } from '../ensemble';
import { StrategyRunner } from '../strategy-runner';
import type { AnyStrategy } from '../strategy';
import { barsToKlines, flatBars, uptrendBreakoutBars, type Bar } from '../strategy.fixture';
import { donchianBreakout } from './donchian-breakout';
import { emaCross } from './ema-cross';
import { ensembleStrategy } from './ensemble-strategy';
import { rsiReversion } from './rsi-reversion';

const cents = (x: number) => Math.round(x * 100) / 100;
const bar = (c: number, spread = 0.1): Bar => ({ o: c, h: cents(c + spread), l: cents(c - spread), c, v: 10 });

function runner(s: AnyStrategy, params: unknown = s.params.parse({})) {
  return new StrategyRunner('BTCUSDT', s, params, { atrPeriod: 14 });
}

/** Every candle through the runner; the indices (into the bars) of those that proposed. */
function proposalsAt(s: AnyStrategy, bars: Bar[], params?: unknown) {
  const r = runner(s, params);
  const out: number[] = [];
  barsToKlines('BTCUSDT', bars).forEach((k, i) => {
    if (r.onKline(k) !== null) out.push(i);
  });
  return out;
}

/** Falls from 100 for `n` candles, then rises: the fast EMA crosses up after the turn. */
function vShape(n: number): Bar[] {
  const down = Array.from({ length: n }, (_, i) => bar(cents(100 - i * 0.2)));
  const low = 100 - (n - 1) * 0.2;
  const up = Array.from({ length: n }, (_, i) => bar(cents(low + (i + 1) * 0.3)));
  return [...down, ...up];
}

describe('ema-cross', () => {
  it('buys once when the fast EMA crosses above the slow one, not before the turn', () => {
    const bars = vShape(120);
    const at = proposalsAt(emaCross, bars);
    expect(at).toHaveLength(1);
    expect(at[0]).toBeGreaterThan(120);
  });

  it('never proposes on a steady fall', () => {
    expect(proposalsAt(emaCross, vShape(200).slice(0, 200))).toEqual([]);
  });

  it('refuses a fast period not below the slow one, naming the field', () => {
    const r = emaCross.params.safeParse({ fast: 30, slow: 20 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['fast']);
  });
});

describe('rsi-reversion', () => {
  it('buys when RSI comes back above oversold after a sell-off, with an ATR stop below the entry', () => {
    const bars = [...flatBars(80), ...Array.from({ length: 15 }, (_, i) => bar(cents(99.9 - i * 0.3))), ...Array.from({ length: 6 }, (_, i) => bar(cents(95.7 + (i + 1) * 0.6)))];
    const r = runner(rsiReversion);
    const out = barsToKlines('BTCUSDT', bars).map((k) => r.onKline(k));
    const hits = out.flatMap((c, i) => (c ? [i] : []));
    expect(hits.length).toBeGreaterThanOrEqual(1);
    expect(hits[0]).toBeGreaterThan(95);
    const c = out[hits[0] as number];
    expect(c?.side).toBe('BUY');
    expect(c?.stopPrice.lt(c.entryPrice)).toBe(true);
    expect(c?.takeProfitPrice.gt(c.entryPrice)).toBe(true);
    expect(c?.strategy).toBe('rsi-reversion');
  });

  it('stays out of a range-bound market', () => {
    expect(proposalsAt(rsiReversion, flatBars(200))).toEqual([]);
  });
});

describe('donchian-breakout', () => {
  it('buys on the first close above the channel, and only that one', () => {
    const bars = [...flatBars(40), bar(101), bar(101.5), bar(102)];
    expect(proposalsAt(donchianBreakout, bars)).toEqual([40]);
  });

  it('stays out of a range-bound market', () => {
    expect(proposalsAt(donchianBreakout, flatBars(200))).toEqual([]);
  });
});

describe('ensemble as a plug-in', () => {
  it('proposes exactly what the SignalEnsemble proposes on the same candles', () => {
    const config = defaultRuntimeConfig().strategy;
    const klines = barsToKlines('BTCUSDT', uptrendBreakoutBars());
    const direct = new SignalEnsemble('BTCUSDT', config);
    const viaRunner = runner(ensembleStrategy, ensembleStrategy.params.parse(config));
    const a = klines.map((k) => direct.onKline(k));
    const b = klines.map((k) => viaRunner.onKline(k));
    expect(b.map((c) => c && { ...c, strategy: undefined, paramsId: undefined })).toEqual(a.map((c) => c && { ...c, strategy: undefined }));
    expect(a.at(-1)?.side).toBe('BUY');
    expect(b.at(-1)?.strategy).toBe('ensemble');
    expect(viaRunner.atr).toBe(direct.atr);
  });
});
