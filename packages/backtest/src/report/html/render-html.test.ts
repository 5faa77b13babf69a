import { describe, expect, it } from 'vitest';
import type { BacktestRunData } from '../../run-data';
import { buildBacktestReport } from '../build-report';
import { syntheticRunData } from '../run-data.fixture';
import { esc } from './escape';
import { MAX_TRADE_ROWS, renderBacktestHtml } from './render-html';
import { downsample } from './svg-charts';

const T0 = Date.UTC(2024, 0, 1);
const run = (over: Partial<BacktestRunData> = {}): BacktestRunData => ({
  ...syntheticRunData({ from: T0, to: T0 + 10 * 86_400_000, symbols: ['BTCUSDT', 'ETHUSDT'], seed: 3 }),
  ...over,
});
const render = (data: BacktestRunData): string => renderBacktestHtml(buildBacktestReport(data), data);

describe('renderBacktestHtml', () => {
  it('is one self-contained page: no script, no external resource, a CSP that forbids both', () => {
    const html = render(run());
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(/<script/i.test(html)).toBe(false);
    expect(/\b(src|href)\s*=/i.test(html)).toBe(false);
    expect(/@import|url\((?!#)/i.test(html)).toBe(false);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('shows every part: figures, equity, drawdown, a price chart per symbol, months, trades, gates and the hash', () => {
    const data = run();
    const report = buildBacktestReport(data);
    const html = renderBacktestHtml(report, data);
    for (const id of ['key-figures', 'equity-chart', 'drawdown-chart', 'price-0', 'price-1', 'monthly', 'gates', 'trades', 'trade-hash'])
      expect(html).toContain(`id="${id}"`);
    expect(html).toContain(report.trade_hash);
    expect(html).toContain('BTCUSDT price and trades');
    expect(html.match(/class="mk-entry"/g)).toHaveLength(data.trades.length);
    expect(html.match(/<tr><td class="r muted">/g)).toHaveLength(data.trades.length);
    for (const layer of Object.keys(data.gateBlocks)) expect(html).toContain(`<span class="name">${layer}</span>`);
  });

  it('escapes every string it is given: a hostile strategy, param, symbol, reason or id stays text', () => {
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&';
    const base = run();
    const data = run({
      strategy: evil,
      params: { [evil]: evil },
      dataSource: evil,
      quoteAsset: evil,
      gateBlocks: { [evil]: 2 },
      trades: base.trades.map((t) => ({ ...t, id: evil, exitReason: evil, symbol: evil })),
    });
    const html = render(data);
    // Inside a tag, never an event handler; outside, never a new tag.
    expect(/<script/i.test(html)).toBe(false);
    expect(/<img/i.test(html)).toBe(false);
    expect(/<[^>]*\son\w+\s*=/i.test(html)).toBe(false);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain(`<h1 id="strategy-name">${esc(evil)}</h1>`);
  });

  it('a run without trades or samples still renders, with empty states', () => {
    const html = render(run({ trades: [], equity: [], prices: {}, gateBlocks: {} }));
    expect(html).toContain('No closed trades');
    expect(html).toContain('No decision was blocked.');
    expect(html).toContain('No prices for BTCUSDT');
  });

  it('keeps the file bounded: at most MAX_TRADE_ROWS rows, and says how many are left out', () => {
    const one = run().trades[0]!;
    const trades = Array.from({ length: MAX_TRADE_ROWS + 3 }, (_, i) => ({ ...one, id: `t${i}` }));
    const html = render(run({ trades }));
    expect(html.match(/<tr><td class="r muted">/g)).toHaveLength(MAX_TRADE_ROWS);
    expect(html).toContain('the first 3 are left out of this table');
  });
});

describe('downsample', () => {
  it('keeps at most the budget, the last point, and every bucket extreme', () => {
    const pts = Array.from({ length: 10_000 }, (_, i) => ({ t: i, v: Math.sin(i / 50) * (i === 5_000 ? 10 : 1) }));
    const out = downsample(pts, 1_000);
    expect(out.length).toBeLessThanOrEqual(1_001);
    expect(out[out.length - 1]).toEqual(pts[pts.length - 1]);
    expect(out.some((p) => p.t === 5_000)).toBe(true);
    expect(out.every((p, i) => i === 0 || p.t > out[i - 1]!.t)).toBe(true);
  });
});
