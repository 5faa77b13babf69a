import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ResearchInputError } from '../errors';
import type { TrialMetrics } from '../trial';
import { parseDuration, parseWalkForwardSpec, planWindows, walkForwardSummary } from './index';

const DAY = 86_400_000;

describe('planWindows', () => {
  it('rolls in-sample then out-of-sample windows over the range', () => {
    expect(planWindows({ from: 0, to: 150 * DAY, inMs: 90 * DAY, outMs: 30 * DAY })).toEqual([
      { index: 0, inFrom: 0, inTo: 90 * DAY, outFrom: 90 * DAY, outTo: 120 * DAY },
      { index: 1, inFrom: 30 * DAY, inTo: 120 * DAY, outFrom: 120 * DAY, outTo: 150 * DAY },
    ]);
  });

  it('keeps a last partial out window of at least half an out window and drops a shorter one', () => {
    expect(planWindows({ from: 0, to: 135 * DAY, inMs: 90 * DAY, outMs: 30 * DAY }).at(-1)).toMatchObject({ outFrom: 120 * DAY, outTo: 135 * DAY });
    expect(planWindows({ from: 0, to: 134 * DAY, inMs: 90 * DAY, outMs: 30 * DAY }).at(-1)).toMatchObject({ outTo: 120 * DAY });
  });

  it('anchored windows all start at from; a longer step leaves gaps', () => {
    const w = planWindows({ from: 0, to: 200 * DAY, inMs: 90 * DAY, outMs: 30 * DAY, anchored: true });
    expect(w.every((x) => x.inFrom === 0)).toBe(true);
    const gaps = planWindows({ from: 0, to: 200 * DAY, inMs: 90 * DAY, outMs: 10 * DAY, stepMs: 30 * DAY });
    expect(gaps.map((x) => x.outFrom / DAY)).toEqual([90, 120, 150, 180]);
  });

  it.each([
    [{ from: 0, to: 100 * DAY, inMs: 90 * DAY, outMs: 30 * DAY }, /holds no in window/],
    [{ from: 10, to: 5, inMs: 1, outMs: 1 }, /must be after from/],
    [{ from: 0, to: 100, inMs: 0, outMs: 1 }, /in: must be a positive/],
    [{ from: 0, to: 100, inMs: 10, outMs: 10, stepMs: 5 }, /would overlap/],
  ])('rejects %j', (input, message) => {
    expect(() => planWindows(input)).toThrow(ResearchInputError);
    expect(() => planWindows(input)).toThrow(message);
  });

  const plan = fc
    .record({
      from: fc.integer({ min: 0, max: 1e9 }),
      len: fc.integer({ min: 1, max: 5000 }),
      inMs: fc.integer({ min: 1, max: 1000 }),
      outMs: fc.integer({ min: 1, max: 500 }),
      extraStep: fc.integer({ min: 0, max: 300 }),
      anchored: fc.boolean(),
    })
    .filter((p) => p.len >= p.inMs + Math.ceil(p.outMs / 2));

  it('property: out windows never overlap, follow their in window, never see in-sample data, stay in range', () => {
    fc.assert(
      fc.property(plan, (p) => {
        const to = p.from + p.len;
        const stepMs = p.outMs + p.extraStep;
        const w = planWindows({ from: p.from, to, inMs: p.inMs, outMs: p.outMs, stepMs, anchored: p.anchored });
        expect(w.length).toBeGreaterThan(0);
        w.forEach((x, i) => {
          expect(x.index).toBe(i);
          expect(x.inFrom).toBeGreaterThanOrEqual(p.from);
          expect(x.inTo - x.inFrom).toBe(p.anchored ? x.inTo - p.from : p.inMs);
          expect(x.outFrom).toBe(x.inTo); // out starts where in ends: no shared candle, no gap
          expect(x.outTo).toBeGreaterThan(x.outFrom);
          expect(x.outTo).toBeLessThanOrEqual(to);
          expect(x.outTo - x.outFrom).toBeLessThanOrEqual(p.outMs);
          if (i > 0) expect(x.outFrom).toBeGreaterThanOrEqual((w[i - 1] as typeof x).outTo);
        });
      }),
    );
  });

  it('property: with step = out the out windows tile [from + in, end) and leave less than half an out window uncovered', () => {
    fc.assert(
      fc.property(plan, (p) => {
        const to = p.from + p.len;
        const w = planWindows({ from: p.from, to, inMs: p.inMs, outMs: p.outMs });
        expect((w[0] as (typeof w)[number]).outFrom).toBe(p.from + p.inMs);
        for (let i = 1; i < w.length; i++) expect((w[i] as (typeof w)[number]).outFrom).toBe((w[i - 1] as (typeof w)[number]).outTo);
        expect(to - (w.at(-1) as (typeof w)[number]).outTo).toBeLessThan(p.outMs / 2);
      }),
    );
  });
});

describe('parseWalkForwardSpec', () => {
  it('reads in/out/step with h, d and w units', () => {
    expect(parseWalkForwardSpec('in=90d,out=30d')).toEqual({ inMs: 90 * DAY, outMs: 30 * DAY });
    expect(parseWalkForwardSpec(' in=2w , out=36h , step=2d, anchored')).toEqual({ inMs: 14 * DAY, outMs: 36 * 3_600_000, stepMs: 2 * DAY, anchored: true });
    expect(parseDuration('12h')).toBe(12 * 3_600_000);
  });

  it.each([
    ['in=90d', /needs both in= and out=/],
    ['in=90d,out=30', /needs a unit/],
    ['in=90d,out=30m', /minutes or months/],
    ['in=90d,out=30y', /unknown unit "y"/],
    ['in=90d,out=0d', /longer than zero/],
    ['in=90d,out=-3d', /not a duration/],
    ['in=90d,out=1.5d', /not a duration/],
    ['in=90d,in=30d,out=1d', /given twice/],
    ['in=90d,out=30d,size=3d', /unknown key "size"/],
    ['in=90d,out=30d,step=10d', /must not overlap/],
    ['in=90d,,out=30d', /empty item/],
    ['90d', /not key=value/],
  ])('rejects %s', (text, message) => {
    expect(() => parseWalkForwardSpec(text)).toThrow(ResearchInputError);
    expect(() => parseWalkForwardSpec(text)).toThrow(message);
  });
});

const metrics = (over: Partial<TrialMetrics>): TrialMetrics => ({
  totalReturnPct: 0,
  sharpe: 0,
  sortino: 0,
  calmar: 0,
  maxDrawdownPct: 0,
  profit: 0,
  expectancy: 0,
  winRatePct: 0,
  trades: 0,
  tradeHash: '',
  ...over,
});

describe('walkForwardSummary', () => {
  it('scores each window in and out, with degradation and the aggregate efficiency', () => {
    const s = walkForwardSummary(
      [
        { in: metrics({ sharpe: 2 }), out: metrics({ sharpe: 1 }) },
        { in: metrics({ sharpe: 1 }), out: metrics({ sharpe: -0.5 }) },
        { in: metrics({ sharpe: -1 }), out: metrics({ sharpe: 0.3 }) },
      ],
      'sharpe',
    );
    expect(s.windows.map((w) => w.degradation)).toEqual([0.5, -0.5, null]);
    expect(s.meanInScore).toBeCloseTo(2 / 3);
    expect(s.meanOutScore).toBeCloseTo(0.8 / 3);
    expect(s.efficiency).toBeCloseTo(0.4);
    expect(s.medianDegradation).toBe(0);
    expect(s.positiveOutShare).toBeCloseTo(2 / 3);
  });

  it('compares profit per unit of time, so a 30-day out window is not penalized against 90 days in', () => {
    const s = walkForwardSummary([{ in: metrics({ profit: 900 }), out: metrics({ profit: 300 }), inMs: 90 * DAY, outMs: 30 * DAY }], 'profit');
    expect(s.windows[0]?.degradation).toBeCloseTo(1);
    expect(s.efficiency).toBeCloseTo(1);
    expect(() => walkForwardSummary([{ in: metrics({}), out: metrics({}) }], 'profit')).toThrow(/needs inMs and outMs/);
    expect(() => walkForwardSummary([], 'sharpe')).toThrow(ResearchInputError);
  });
});
