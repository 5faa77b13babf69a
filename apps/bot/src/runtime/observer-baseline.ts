import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { EnsembleParams, type StrategyConfig } from '@aurora/contracts';
import {
  Dec,
  MIN_BASELINE_TRADES,
  canonicalJson,
  median,
  medianAbsoluteDeviation,
  paramsId,
  type BaselineStatus,
} from '@aurora/core';
import { tradeReturnBps, type BaselineKey, type ResolvedBaseline } from '@aurora/engine';

/** Where the bot looks for the backtest report whose per-trade figures are the live baseline. */
export const BASELINE_FILE = 'backtest-baseline.json';
const MAX_BASELINE_TRADES = 1000;

const Returns = {
  trades: z.number().int().nonnegative(),
  trade_returns_bps: z.array(z.number().finite()).max(MAX_BASELINE_TRADES),
  median_return_bps: z.number().nullable(),
  mad_return_bps: z.number().nullable(),
};

const SharedExits = z.object({
  atr_period: z.number(),
  trailing_atr_mult: z.number(),
  max_holding_min: z.number(),
});

/**
 * One strategy's part of a backtest report (`npm run backtest -- --out report.json`): which
 * strategy, params and shared exit settings it ran with, and the return of each closed trade.
 */
export const BacktestBaseline = z.object({
  strategy_name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,49}$/),
  params_id: z.string().min(1),
  exits: SharedExits,
  ...Returns,
});
export type BacktestBaseline = z.infer<typeof BacktestBaseline>;

/**
 * The report's baseline section before strategies were plug-ins: the ensemble only, with the
 * whole strategy section as its settings. Still read: it becomes the ensemble's baseline.
 */
const LegacyBaseline = z.object({
  strategy_name: z.literal('ensemble'),
  strategy: z.record(z.string(), z.unknown()),
  ...Returns,
});

const BaselineReport = z.union([
  z.object({ baselines: z.array(BacktestBaseline).max(100) }),
  z.object({ baseline: LegacyBaseline }),
]);

export { tradeReturnBps };

/** What a baseline is built from: a kernel backtest's run (`runBacktest` of @aurora/backtest). */
export interface BaselineRun {
  /** The parsed params every symbol traded with. */
  params: unknown;
  trades: ReadonlyArray<{ strategy: string; entryPrice: string; qty: string; pnl: string }>;
}

/**
 * The baseline of a backtest run, one entry per strategy that traded (a run trades one): the
 * return of each closed strategy trade (manual trades are excluded), with the params id and the
 * shared exit settings of the run, for `<data dir>/backtest-baseline.json`.
 */
export function backtestBaselines(run: BaselineRun, exits: BaselineKey['exits']): BacktestBaseline[] {
  const groups = new Map<string, number[]>();
  for (const t of run.trades) {
    if (t.strategy === 'manual') continue;
    const r = tradeReturnBps(new Dec(t.pnl), new Dec(t.entryPrice), new Dec(t.qty));
    if (r === null) continue;
    groups.set(t.strategy, [...(groups.get(t.strategy) ?? []), r]);
  }
  const id = paramsId(run.params);
  return [...groups].map(([name, returns]) => {
    const kept = returns.slice(-MAX_BASELINE_TRADES);
    const med = median(kept);
    return {
      strategy_name: name,
      params_id: id,
      exits: sharedExits(exits),
      trades: kept.length,
      trade_returns_bps: kept,
      median_return_bps: med,
      mad_return_bps: med === null ? null : medianAbsoluteDeviation(kept, med),
    };
  });
}

const sharedExits = (s: Pick<StrategyConfig, 'atr_period' | 'trailing_atr_mult' | 'max_holding_min'>): BaselineKey['exits'] => ({
  atr_period: s.atr_period,
  trailing_atr_mult: s.trailing_atr_mult,
  max_holding_min: s.max_holding_min,
});

/** An old report's ensemble baseline in today's shape; null when its settings are no ensemble params. */
function fromLegacy(b: z.infer<typeof LegacyBaseline>): BacktestBaseline | null {
  const { per_symbol: _perSymbol, ...fields } = b.strategy;
  const params = EnsembleParams.safeParse(fields);
  if (!params.success) return null;
  const { strategy: _strategy, ...returns } = b;
  return { ...returns, strategy_name: 'ensemble', params_id: paramsId(params.data), exits: sharedExits(params.data) };
}

export type { ResolvedBaseline };

/** The baselines in `<dataDir>/backtest-baseline.json`, or why there are none. */
function readBaselines(dataDir: string): BacktestBaseline[] | ResolvedBaseline {
  let raw: string;
  try {
    raw = readFileSync(join(dataDir, BASELINE_FILE), 'utf8');
  } catch {
    return none('NONE', `no baseline: no backtest report at ${BASELINE_FILE} in the data directory`);
  }
  try {
    const report = BaselineReport.parse(JSON.parse(raw));
    if ('baselines' in report) return report.baselines;
    const legacy = fromLegacy(report.baseline);
    if (legacy === null) throw new Error('the baseline section holds no ensemble settings');
    return [legacy];
  } catch (err) {
    return none(
      'INVALID',
      `no baseline: ${BASELINE_FILE} is not a backtest report with a baseline section (${(err as Error).message.slice(0, 120)})`,
    );
  }
}

/**
 * Read `<dataDir>/backtest-baseline.json` and pick the baseline of one running strategy: the
 * same strategy, the same params, the same shared exit settings. Anything else is "no
 * baseline", with the reason: the observer never invents one, nor borrows another strategy's.
 */
export function resolveBaseline(dataDir: string, key: BaselineKey): ResolvedBaseline {
  const baselines = readBaselines(dataDir);
  if (!Array.isArray(baselines)) return baselines;
  const sameStrategy = baselines.filter((b) => b.strategy_name === key.strategy);
  if (sameStrategy.length === 0)
    return none('NONE', `no baseline: the backtest report has no ${key.strategy} trades`);
  const match = sameStrategy.find((b) => b.params_id === key.paramsId);
  if (match === undefined)
    return none('MISMATCH', `no baseline: the backtest report ran ${key.strategy} with other params than the ones running now`);
  if (canonicalJson(match.exits) !== canonicalJson(sharedExits(key.exits)))
    return none('MISMATCH', 'no baseline: the backtest report was made with other exit settings than the ones running now');
  if (match.trades < MIN_BASELINE_TRADES || match.median_return_bps === null || match.mad_return_bps === null)
    return none(
      'NONE',
      `no baseline: the backtest closed ${match.trades} ${key.strategy} trades, fewer than the ${MIN_BASELINE_TRADES} needed`,
    );
  return {
    reference: { median: match.median_return_bps, mad: match.mad_return_bps, samples: match.trades },
    status: {
      status: 'LOADED',
      message: `backtest baseline: ${match.trades} trades, median ${match.median_return_bps.toFixed(2)} bps, MAD ${match.mad_return_bps.toFixed(2)} bps`,
    },
  };
}

const none = (status: BaselineStatus['status'], message: string): ResolvedBaseline => ({
  reference: null,
  status: { status, message },
});
