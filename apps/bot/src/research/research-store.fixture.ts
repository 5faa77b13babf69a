import { ResearchStore, type ParamSet, type TrialMetrics } from '@aurora/research/reader';

/*
 * Research runs for tests, written through the real ResearchStore the optimizer writes with (so
 * the file is the optimizer's format, not a copy of it). Figures are fixed, never random.
 */
export const T0 = Date.UTC(2024, 0, 1);
const DAY = 86_400_000;

const metrics = (ret: number, dd: number, sharpe: number, trades: number, hash: string): TrialMetrics => ({
  totalReturnPct: ret,
  sharpe,
  sortino: sharpe * 1.3,
  calmar: dd > 0 ? ret / dd : 0,
  maxDrawdownPct: dd,
  profit: ret * 100,
  expectancy: trades > 0 ? (ret * 100) / trades : 0,
  winRatePct: 40 + sharpe * 5,
  trades,
  tradeHash: hash.repeat(64).slice(0, 64),
});

export const OPT_RUN = 'ema-cross-20240110-120000-a1b2';
export const WF_RUN = 'ema-cross-20240111-090000-c3d4';

/** Trial 1 is the best return, trial 3 the lowest drawdown; trial 4 failed, trial 5 is still running. */
export const OPT_TRIALS: Array<{ params: ParamSet; m: TrialMetrics | null }> = [
  { params: { fast: 9, slow: 21 }, m: metrics(4.2, 3.1, 1.1, 18, 'a') },
  { params: { fast: 12, slow: 40 }, m: metrics(7.9, 5.6, 1.7, 12, 'b') },
  { params: { fast: 30, slow: 25 }, m: metrics(2.0, 4.0, 0.4, 30, 'c') },
  { params: { fast: 5, slow: 60 }, m: metrics(3.1, 1.9, 0.9, 9, 'd') },
  { params: { fast: 50, slow: 10 }, m: null },
  { params: { fast: 20, slow: 80 }, m: null },
];

export function seedResearchStore(dataDir: string, now: () => number = () => T0 + 10 * DAY): void {
  const store = ResearchStore.inDataDir(dataDir, { now });
  try {
    store.createRun({
      id: OPT_RUN,
      parentId: null,
      kind: 'optimize',
      strategy: 'ema-cross',
      symbols: ['BTCUSDT'],
      from: T0,
      to: T0 + 4 * DAY,
      data: 'synthetic:days=4,seed=5',
      objectives: ['return', 'drawdown'],
      sampler: 'nsga2',
      seed: 1,
      space: {},
      trials: 8,
      batch: 2,
      walkForward: null,
    });
    OPT_TRIALS.forEach((t, n) => {
      store.trialStarted(OPT_RUN, n, t.params);
      if (t.m) store.trialDone(OPT_RUN, n, t.m, 'local-1');
      else if (n === 4) store.trialFailed(OPT_RUN, n, 'fast must be below slow', 'local-2');
    });
    store.setRunStatus(OPT_RUN, 'interrupted');

    store.createRun({
      id: WF_RUN,
      parentId: null,
      kind: 'walk-forward',
      strategy: 'ema-cross',
      symbols: ['BTCUSDT', 'ETHUSDT'],
      from: T0,
      to: T0 + 120 * DAY,
      data: 'synthetic:days=120,seed=2',
      objectives: ['sharpe'],
      sampler: 'tpe',
      seed: 2,
      space: {},
      trials: 3,
      batch: 1,
      walkForward: { plan: { in: '60d', out: '20d' } },
    });
    const windows = [
      { inS: 1.8, outS: 1.2 },
      { inS: 2.1, outS: 0.4 },
      { inS: 1.5, outS: -0.3 },
    ];
    windows.forEach((w, idx) => {
      const inFrom = T0 + idx * 20 * DAY;
      const inRunId = `${WF_RUN}.w${idx}`;
      store.putWindow({
        runId: WF_RUN,
        idx,
        inFrom,
        inTo: inFrom + 60 * DAY,
        outFrom: inFrom + 60 * DAY,
        outTo: inFrom + 80 * DAY,
        inRunId,
      });
      store.createRun({
        id: inRunId,
        parentId: WF_RUN,
        kind: 'in-sample',
        strategy: 'ema-cross',
        symbols: ['BTCUSDT', 'ETHUSDT'],
        from: inFrom,
        to: inFrom + 60 * DAY,
        data: 'synthetic:days=120,seed=2',
        objectives: ['sharpe'],
        sampler: 'tpe',
        seed: 2,
        space: {},
        trials: 3,
        batch: 1,
        walkForward: null,
      });
      const best = { fast: 8 + idx, slow: 30 + idx * 5 };
      store.trialStarted(inRunId, 0, best);
      store.trialDone(inRunId, 0, metrics(5 + idx, 3, w.inS, 14, String(idx)), 'local-1');
      store.setRunStatus(inRunId, 'done');
      store.windowOutcome(WF_RUN, idx, {
        bestParams: best,
        inMetrics: metrics(5 + idx, 3, w.inS, 14, String(idx)),
        outMetrics: metrics(1, 2, w.outS, 5, 'e'),
        status: 'done',
      });
    });
    store.setRunStatus(WF_RUN, 'done');
  } finally {
    store.close();
  }
}
