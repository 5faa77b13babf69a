import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { PositionDto, StrategyConfig } from '@aurora/contracts';
import {
  Dec,
  MIN_BASELINE_TRADES,
  median,
  medianAbsoluteDeviation,
  type BaselineStatus,
} from '@aurora/core';
import { tradeReturnBps, type ResolvedBaseline } from '@aurora/engine';

/** Where the bot looks for the backtest report whose per-trade figures are the live baseline. */
export const BASELINE_FILE = 'backtest-baseline.json';
const MAX_BASELINE_TRADES = 1000;

/**
 * The part of a backtest report (`npm run backtest -- --out report.json`) the observer reads:
 * the strategy settings it ran with and the return of every closed strategy trade.
 */
export const BacktestBaseline = z.object({
  strategy_name: z.literal('ensemble'),
  strategy: z.record(z.string(), z.unknown()),
  trades: z.number().int().nonnegative(),
  trade_returns_bps: z.array(z.number().finite()).max(MAX_BASELINE_TRADES),
  median_return_bps: z.number().nullable(),
  mad_return_bps: z.number().nullable(),
});
export type BacktestBaseline = z.infer<typeof BacktestBaseline>;

export { tradeReturnBps };

/** The baseline section of a backtest report: strategy trades only (manual trades are excluded). */
export function buildBacktestBaseline(
  strategy: StrategyConfig,
  positions: readonly PositionDto[],
): BacktestBaseline {
  const returns: number[] = [];
  for (const p of positions) {
    if (p.status !== 'Closed' || p.tags.strategy === 'manual') continue;
    const r = tradeReturnBps(
      new Dec(p.realized_pnl),
      p.avg_entry_price === null ? null : new Dec(p.avg_entry_price),
      new Dec(p.filled_qty),
    );
    if (r !== null) returns.push(r);
  }
  const kept = returns.slice(-MAX_BASELINE_TRADES);
  const med = median(kept);
  return {
    strategy_name: 'ensemble',
    strategy: { ...strategy },
    trades: kept.length,
    trade_returns_bps: kept,
    median_return_bps: med,
    mad_return_bps: med === null ? null : medianAbsoluteDeviation(kept, med),
  };
}

/** Key order must not make two equal settings look different. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export type { ResolvedBaseline };

/**
 * Read `<dataDir>/backtest-baseline.json` and decide whether it describes the strategy running
 * now. Anything else is "no baseline", with the reason: the observer never invents one.
 */
export function resolveBaseline(dataDir: string, strategy: StrategyConfig): ResolvedBaseline {
  const path = join(dataDir, BASELINE_FILE);
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    return none('NONE', `no baseline: no backtest report at ${BASELINE_FILE} in the data directory`);
  }
  let parsed: BacktestBaseline;
  try {
    const body = JSON.parse(raw) as { baseline?: unknown };
    parsed = BacktestBaseline.parse(body.baseline);
  } catch (err) {
    return none(
      'INVALID',
      `no baseline: ${BASELINE_FILE} is not a backtest report with a baseline section (${(err as Error).message.slice(0, 120)})`,
    );
  }
  if (canonical(parsed.strategy) !== canonical(strategy)) {
    return none(
      'MISMATCH',
      'no baseline: the backtest report was made with other strategy settings than the ones running now',
    );
  }
  if (
    parsed.trades < MIN_BASELINE_TRADES ||
    parsed.median_return_bps === null ||
    parsed.mad_return_bps === null
  ) {
    return none(
      'NONE',
      `no baseline: the backtest closed ${parsed.trades} strategy trades, fewer than the ${MIN_BASELINE_TRADES} needed`,
    );
  }
  return {
    reference: { median: parsed.median_return_bps, mad: parsed.mad_return_bps, samples: parsed.trades },
    status: {
      status: 'LOADED',
      message: `backtest baseline: ${parsed.trades} trades, median ${parsed.median_return_bps.toFixed(2)} bps, MAD ${parsed.mad_return_bps.toFixed(2)} bps`,
    },
  };
}

const none = (status: BaselineStatus['status'], message: string): ResolvedBaseline => ({
  reference: null,
  status: { status, message },
});
