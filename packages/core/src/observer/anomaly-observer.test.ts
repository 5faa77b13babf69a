import { describe, expect, it } from 'vitest';
import { AnomalyDto } from '@aurora/contracts';
import { ManualClock } from '../clock';
import { AnomalyObserver } from './anomaly-observer';

const T0 = 1_767_225_600_000;

function warmLatency(o: AnomalyObserver, n = 30): void {
  for (let i = 0; i < n; i++) o.observe('placement_latency_ms', 'BTCUSDT', T0 + i * 1000, 40 + (i % 7));
}

describe('AnomalyObserver', () => {
  it('an outlier carries its evidence: window, statistic, threshold, when, and a plain message', () => {
    const clock = new ManualClock(T0 + 99_000);
    const o = new AnomalyObserver(clock);
    warmLatency(o);
    const res = o.observe('placement_latency_ms', 'BTCUSDT', T0 + 60_000, 900);
    expect(res.ok).toBe(true);
    const [a] = res.ok ? res.anomalies : [];
    expect(() => AnomalyDto.parse(a)).not.toThrow();
    expect(a).toMatchObject({
      series: 'placement_latency_ms',
      symbol: null, // pooled: the venue's latency, not the symbol's
      detector: 'ROBUST_Z',
      threshold: 6,
      fired_at: T0 + 99_000,
      evidence: { reference: 'ROLLING', value: 900, median: 43, mad: 2 },
    });
    expect(a?.evidence.points.at(-1)).toEqual({ t: T0 + 60_000, v: 900 });
    expect(a?.evidence.points).toHaveLength(31);
    expect(a?.message).toBe(
      'Order placement latency: 900 ms is 171 robust z above the median 43.00 ms of the previous 30 values (scale 5.00 ms; threshold 6)',
    );
    expect(o.anomalies()[0]).toEqual(a);
    expect(o.anomaliesTotal).toBe(1);
  });

  it('a sustained shift too small for the point rule is found by the CUSUM', () => {
    const o = new AnomalyObserver(new ManualClock(T0));
    warmLatency(o);
    // 62 ms is ~3.8 scales above 43: never past z 6, but it keeps adding 3.3 to S⁺.
    const kinds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = o.observe('placement_latency_ms', null, T0 + 100_000 + i, 62);
      if (r.ok) kinds.push(...r.anomalies.map((a) => a.detector));
    }
    expect(kinds).toEqual(['CUSUM_UP']);
    expect(o.anomalies()[0]?.message).toMatch(/a sustained shift up — CUSUM 6\.\d+ > 5/);
  });

  it('per-symbol series are kept apart; pooled series are one', () => {
    const o = new AnomalyObserver(new ManualClock(T0));
    o.observe('spread_bps', 'BTCUSDT', T0, 1);
    o.observe('spread_bps', 'ETHUSDT', T0, 1);
    o.observe('slippage_bps', 'BTCUSDT', T0, 1);
    o.observe('slippage_bps', 'ETHUSDT', T0, 1);
    expect(o.summaries().map((s) => [s.series, s.symbol])).toEqual([
      ['slippage_bps', null],
      ['spread_bps', 'BTCUSDT'],
      ['spread_bps', 'ETHUSDT'],
    ]);
  });

  it('refuses non-finite values and series beyond maxKeys, counting them', () => {
    const o = new AnomalyObserver(new ManualClock(T0), { maxKeys: 1 });
    expect(o.observe('spread_bps', 'BTCUSDT', T0, Number.NaN)).toEqual({ ok: false, reason: 'NOT_FINITE' });
    expect(o.observe('spread_bps', 'BTCUSDT', T0, 1).ok).toBe(true);
    expect(o.observe('spread_bps', 'ETHUSDT', T0, 1)).toEqual({ ok: false, reason: 'TOO_MANY_SERIES' });
    expect(o.refusedValues).toBe(2);
    expect(o.seriesCount).toBe(1);
  });

  it('remembers at most maxAnomalies, newest first, and the snapshot carries at most 10', () => {
    const o = new AnomalyObserver(new ManualClock(T0), {
      maxAnomalies: 12,
      specs: {
        price_jump_bps: {
          label: 'jump',
          unit: 'bps',
          perSymbol: true,
          needsBaseline: false,
          detector: {
            window: 20,
            minSamples: 5,
            zThreshold: 3,
            cusum: null,
            floor: 1,
            direction: 'BOTH',
            cooldownSamples: 0,
            evidencePoints: 5,
          },
        },
      },
    });
    for (let i = 0; i < 500; i++)
      o.observe('price_jump_bps', 'BTCUSDT', T0 + i, i % 25 === 24 ? 1000 : i % 3);
    expect(o.anomaliesTotal).toBe(20);
    expect(o.anomalies()).toHaveLength(12);
    expect(o.anomalies()[0]?.evidence.points.at(-1)?.t).toBe(T0 + 499);
    expect(o.dto().recent_anomalies).toHaveLength(10);
    expect(o.dto().recent_anomalies[0]).toEqual({ ...o.anomalies()[0], evidence: { ...o.anomalies()[0]?.evidence, points: undefined } });
  });

  it('the reject rate is the share of rejects over the last 20 requests', () => {
    const o = new AnomalyObserver(new ManualClock(T0));
    for (let i = 0; i < 19; i++) o.observeOrderOutcome(T0 + i, false);
    expect(o.summaries()).toEqual([]);
    o.observeOrderOutcome(T0 + 19, true);
    expect(o.summaries()[0]).toMatchObject({ series: 'reject_rate', last: { t: T0 + 19, v: 0.05 } });
  });

  it('without a backtest baseline, closed-trade returns are charted but never judged: "no baseline"', () => {
    const o = new AnomalyObserver(new ManualClock(T0));
    for (let i = 0; i < 30; i++) {
      const r = o.observe('trade_return_bps', null, T0 + i, i === 29 ? -5000 : 10);
      expect(r).toEqual({ ok: true, anomalies: [] });
    }
    expect(o.summaries()[0]).toMatchObject({
      series: 'trade_return_bps',
      status: 'NO_BASELINE',
      reference: 'NONE',
      median: null,
      note: 'no baseline: no backtest report loaded',
    });
  });

  it('with a baseline, a trade far below the backtest fires against the backtest distribution', () => {
    const o = new AnomalyObserver(new ManualClock(T0));
    o.setBaseline(
      'trade_return_bps',
      { median: 12, mad: 20, samples: 40 },
      { status: 'LOADED', message: 'backtest of seed 5: 40 trades' },
    );
    const r = o.observe('trade_return_bps', null, T0, -300);
    const a = r.ok ? r.anomalies[0] : undefined;
    expect(a?.evidence).toMatchObject({ reference: 'BACKTEST', median: 12, mad: 20 });
    expect(a?.message).toContain("the backtest's median 12.00 bps over 40 trades");
    expect(o.summaries()[0]).toMatchObject({ status: 'ANOMALY', reference: 'BACKTEST' });
    expect(o.dto().baseline.status).toBe('LOADED');
  });

  it("judges each strategy's trades against that strategy's own backtest", () => {
    const o = new AnomalyObserver(new ManualClock(T0));
    o.setBaselines('trade_return_bps', [
      { group: 'ensemble@aaaaaaaaaaaa', reference: { median: 0, mad: 5, samples: 40 }, status: { status: 'LOADED', message: 'ensemble ok' } },
      { group: 'ema-cross@bbbbbbbbbbbb', reference: { median: 200, mad: 5, samples: 40 }, status: { status: 'LOADED', message: 'ema ok' } },
      { group: 'rsi-reversion@cccccccccccc', reference: null, status: { status: 'NONE', message: 'no baseline: no rsi-reversion trades' } },
    ]);
    // 0 bps is the ensemble's normal, and far below ema-cross's backtest.
    const ens = o.observe('trade_return_bps', 'BTCUSDT', T0, 0, 'ensemble@aaaaaaaaaaaa');
    expect(ens.ok && ens.anomalies).toEqual([]);
    const ema = o.observe('trade_return_bps', 'ETHUSDT', T0, 0, 'ema-cross@bbbbbbbbbbbb');
    const a = ema.ok ? ema.anomalies[0] : undefined;
    expect(a?.evidence).toMatchObject({ reference: 'BACKTEST', median: 200 });
    expect(a?.message).toContain('(ema-cross@bbbbbbbbbbbb)');
    const rsi = o.observe('trade_return_bps', 'SOLUSDT', T0, -500, 'rsi-reversion@cccccccccccc');
    expect(rsi.ok && rsi.anomalies).toEqual([]);
    const rows = o.summaries().map((s) => [s.group, s.status, s.note]);
    expect(rows).toEqual([
      ['ema-cross@bbbbbbbbbbbb', 'ANOMALY', null],
      ['ensemble@aaaaaaaaaaaa', 'OK', null],
      ['rsi-reversion@cccccccccccc', 'NO_BASELINE', 'no baseline: no rsi-reversion trades'],
    ]);
    expect(o.dto().baseline).toEqual({
      status: 'NONE',
      message: 'ensemble@aaaaaaaaaaaa: ensemble ok; ema-cross@bbbbbbbbbbbb: ema ok; rsi-reversion@cccccccccccc: no baseline: no rsi-reversion trades',
    });
  });
});

